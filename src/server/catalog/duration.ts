/**
 * ISO-8601 durations as the catalog writes them (`PT2M`, `P1D`, `PT1H30M`) and repeat intervals (`R3/PT5S`).
 * Years and months are refused: their length in milliseconds depends on the calendar, and a budget must
 * mean the same thing every day.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const REPEAT = /^R(\d+)\/(.+)$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds of an ISO-8601 duration, or null when the text is not one (or is empty, like `P` or `PT`). */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = m;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return null;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return Math.round(n(weeks) * 7 * DAY + n(days) * DAY + n(hours) * HOUR + n(minutes) * MINUTE + n(seconds) * SECOND);
}

/** `R3/PT5S`: 3 automatic attempts in total, 5 s apart. Null when the text is not such a repeat. */
export function parseRetryPolicy(text: string): { attempts: number; intervalMs: number } | null {
  const m = REPEAT.exec(text);
  if (!m) return null;
  const attempts = Number(m[1]);
  const intervalMs = parseIsoDuration(m[2]!);
  if (attempts < 1 || intervalMs === null) return null;
  return { attempts, intervalMs };
}
