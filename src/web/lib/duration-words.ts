// Durations in words: the catalog speaks ISO 8601 (`PT5M`, `P1D`, `R3/PT1M`) and milliseconds; people read
// "5 minutes". The ISO text stays available for technical-details sections.

const UNITS: [RegExp, string][] = [
  [/(\d+(?:\.\d+)?)Y/, 'year'],
  [/(\d+(?:\.\d+)?)M/, 'month'],
  [/(\d+(?:\.\d+)?)W/, 'week'],
  [/(\d+(?:\.\d+)?)D/, 'day'],
];
const TIME_UNITS: [RegExp, string][] = [
  [/(\d+(?:\.\d+)?)H/, 'hour'],
  [/(\d+(?:\.\d+)?)M/, 'minute'],
  [/(\d+(?:\.\d+)?)S/, 'second'],
];

const count = (value: string, unit: string) => `${value} ${unit}${value === '1' ? '' : 's'}`;

function join(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** `PT5M` → "5 minutes", `P1DT2H` → "1 day and 2 hours"; text that is no ISO duration comes back unchanged. */
export function isoDurationInWords(iso: string): string {
  const match = /^P(?!$)([^T]*)(?:T(.+))?$/.exec(iso.trim());
  if (!match) return iso;
  const [, datePart = '', timePart = ''] = match;
  const parts: string[] = [];
  for (const [pattern, unit] of UNITS) {
    const found = pattern.exec(datePart);
    if (found) parts.push(count(found[1]!, unit));
  }
  for (const [pattern, unit] of TIME_UNITS) {
    const found = pattern.exec(timePart);
    if (found) parts.push(count(found[1]!, unit));
  }
  return parts.length > 0 ? join(parts) : iso;
}

/** A repeat cycle: `R3/PT1M` → "3 times, 1 minute apart", `R1/PT1S` → "once, after 1 second"; other text reads as a duration. */
export function retryCycleInWords(cycle: string): string {
  const match = /^R(\d+)\/(P.+)$/.exec(cycle.trim());
  if (!match) return isoDurationInWords(cycle);
  const times = Number(match[1]);
  return times === 1 ? `once, after ${isoDurationInWords(match[2]!)}` : `${times} times, ${isoDurationInWords(match[2]!)} apart`;
}

/** 1500 → "1.5 seconds", 120000 → "2 minutes", 5400000 → "1.5 hours". */
export function msInWords(ms: number): string {
  const pick = (value: number, unit: string) => {
    const rounded = Number(value.toFixed(value < 10 ? 1 : 0));
    return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
  };
  if (ms < 1000) return `${ms} milliseconds`;
  if (ms < 60_000) return pick(ms / 1000, 'second');
  if (ms < 3_600_000) return pick(ms / 60_000, 'minute');
  if (ms < 172_800_000) return pick(ms / 3_600_000, 'hour');
  return pick(ms / 86_400_000, 'day');
}
