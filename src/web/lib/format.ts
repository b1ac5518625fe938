// Times: the BFF speaks UTC ISO; people read their own time zone, with the UTC value on hover.
const absolute = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

export function formatAbsolute(iso: string): string {
  return absolute.format(new Date(iso));
}

export function formatRelative(iso: string, now: number = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) {
      if (unit === 'second' && Math.abs(value) < 45) return 'just now';
      return relative.format(Math.round(value), unit);
    }
    value /= size;
  }
  return formatAbsolute(iso);
}

export function formatDuration(fromIso: string, toIso: string): string {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = s / 60;
  if (m < 60) return `${Math.round(m)} min`;
  const h = m / 60;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${Math.round(h / 24)} d`;
}

export function processLabel(key: string, version: number | null, name?: string | null): string {
  const base = name ?? key;
  return version === null ? base : `${base} v${version}`;
}

/**
 * Time left until a deadline, for live countdowns: seconds shown under 10 minutes (when they matter),
 * coarser beyond. `null` once the deadline has passed.
 */
export function formatCountdown(untilIso: string, now: number = Date.now()): string | null {
  const totalSeconds = Math.floor((new Date(untilIso).getTime() - now) / 1000);
  if (totalSeconds <= 0) return null;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) return `${seconds} s`;
  if (minutes < 10) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "1 instance", "4 instances". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
