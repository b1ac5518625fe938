// One notification of the database's change feed (migration 014), as the triggers send it on `fw_changes`.
import * as z from 'zod/mini';
import { liveKindSchema, type LiveKind } from '../../contracts/live.js';

/** The channel the triggers notify and every replica listens on. */
export const CHANGE_CHANNEL = 'fw_changes';

/** `ids`: case ids (freeze ids for a freeze); 'many': more than the trigger lists. */
export interface ChangeNote {
  kind: LiveKind;
  ids: string[] | 'many';
}

const payloadSchema = z.union([
  z.object({ kind: liveKindSchema, ids: z.array(z.string()).check(z.maxLength(1000)) }),
  z.object({ kind: liveKindSchema, many: z.literal(true) }),
]);

/**
 * The note a payload carries; null for anything else (a payload from a newer or older migration, or a
 * stranger's NOTIFY on the channel), which the caller treats as "something changed".
 */
export function parseChangeNote(payload: string): ChangeNote | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = z.safeParse(payloadSchema, json);
  if (!parsed.success) return null;
  return 'many' in parsed.data ? { kind: parsed.data.kind, ids: 'many' } : { kind: parsed.data.kind, ids: parsed.data.ids };
}
