// Numbers on the dashboard, in the user's locale.
const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const bucketHour = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const bucketDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function formatCount(value: number): string {
  return count.format(value);
}

/** A ratio 0..1 as a percentage; "—" when there is nothing to divide. */
export function formatRatio(value: number | null): string {
  return value === null ? '—' : percent.format(value);
}

/** A duration in ms the way people read lag: "850 ms", "12 s", "4 min", "2.5 h". */
export function formatMs(value: number | null): string {
  if (value === null) return '—';
  if (value < 1000) return `${Math.round(value)} ms`;
  const s = value / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = s / 60;
  if (m < 60) return `${Math.round(m)} min`;
  const h = m / 60;
  return h < 48 ? `${h < 10 ? h.toFixed(1) : Math.round(h)} h` : `${Math.round(h / 24)} d`;
}

/** A bucket's start on the time axis, in the user's zone: hours for 24h, days beyond. */
export function formatBucket(ms: number, hourly: boolean): string {
  return (hourly ? bucketHour : bucketDay).format(new Date(ms));
}
