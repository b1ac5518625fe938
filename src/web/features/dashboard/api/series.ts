import type { Dashboard } from '../../../../contracts/dashboard.js';

type SeriesPoint = Dashboard['technical']['openByCategory'][number];

/** Every series name that occurs in any bucket, in first-seen order (a bucket omits series at zero). */
export function seriesNames(points: SeriesPoint[]): string[] {
  const names = new Set<string>();
  for (const point of points) for (const name of Object.keys(point.values)) names.add(name);
  return [...names];
}

/** Rows for a time chart: `t` (ms) plus one number per series, zero where a bucket has none. */
export function toTimeRows(points: SeriesPoint[], names: string[]): Array<Record<string, number>> {
  return [...points]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((point) => {
      const row: Record<string, number> = { t: new Date(point.at).getTime() };
      for (const name of names) row[name] = point.values[name] ?? 0;
      return row;
    });
}

/** The values of the newest bucket, per series. */
export function latestValues(points: SeriesPoint[]): Record<string, number> {
  const newest = [...points].sort((a, b) => b.at.localeCompare(a.at))[0];
  return newest?.values ?? {};
}
