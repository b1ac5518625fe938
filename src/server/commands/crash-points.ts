// Test-only: named points on a command's way from intent to response where `FW_CRASH_AT` makes the BFF die
// at once, as a power cut or the kernel's OOM killer would (SIGKILL: no handler, no flush, no shutdown).
// The crash tests and the crash bench use them to prove that a command cut off at any of them still ends
// exactly once. Unset (always, in production), `crashPoint` is one comparison and nothing else.
import { writeSync } from 'node:fs';

export const CRASH_POINTS = [
  /** The intent and its audit entry are committed; nothing has been called yet. */
  'after-intent',
  /** The domain service has done its part (recorded a failure or a confirmation); the engine not yet. */
  'after-domain-effect',
  /** The engine (and domain) effect has happened; the outcome is not written yet. */
  'after-engine-effect',
  /** The outcome is committed; the caller has not had the answer. */
  'after-outcome',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** What a hit prints before the process dies, so a test can tell which point it died at. */
export const CRASH_MARKER = '[crash-point] hit';

let armed: ReadonlySet<string> | null = null;

/** Parses `FW_CRASH_AT` (a comma list of point names); an unknown name is refused, naming the known ones. */
export function parseCrashPoints(value: string | undefined): CrashPoint[] {
  if (!value?.trim()) return [];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(CRASH_POINTS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`FW_CRASH_AT: unknown crash point ${unknown.join(', ')} (known: ${CRASH_POINTS.join(', ')})`);
  return names as CrashPoint[];
}

/** Arms the points (main.ts, from the configuration); none armed disarms. */
export function armCrashPoints(points: readonly CrashPoint[]): void {
  armed = points.length ? new Set(points) : null;
}

/** Dies by SIGKILL when `point` is armed, after one marker line naming the point and the command. */
export function crashPoint(point: CrashPoint, commandId: string): void {
  if (armed === null || !armed.has(point)) return;
  // Synchronous: the line must be out before the process is.
  writeSync(1, `${CRASH_MARKER} ${point} command=${commandId} pid=${process.pid}\n`);
  process.kill(process.pid, 'SIGKILL');
}
