// The queue's page cursor: opaque to clients (base64url JSON), bound to the sort it was made for, and checked
// value by value before any of it reaches SQL, so a forged or stale cursor is a 400, never a database error.
import type { QueueSort } from '../store/queue-repo.js';
import { cursorTypes, type QueueCursor } from '../store/queue-repo.js';
import { ApiProblem } from '../api-problem.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const INTEGER = /^-?\d{1,9}$/;

export function encodeQueueCursor(cursor: QueueCursor, sort: QueueSort, order: 'asc' | 'desc'): string {
  return Buffer.from(JSON.stringify({ s: sort, o: order, v: cursor.values }), 'utf8').toString('base64url');
}

export function decodeQueueCursor(raw: string | null, sort: QueueSort, order: 'asc' | 'desc'): QueueCursor | null {
  if (raw === null) return null;
  const invalid = (why: string) => new ApiProblem(400, 'INVALID_CURSOR', `The cursor is not valid here (${why}). Start again from the first page.`);
  if (raw.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid('not a cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor');
  }
  const { s, o, v } = (parsed ?? {}) as { s?: unknown; o?: unknown; v?: unknown };
  if (s !== sort || o !== order) throw invalid('made for another sort order');
  const types = cursorTypes(sort, order);
  if (!Array.isArray(v) || v.length !== types.length || !v.every((x) => typeof x === 'string')) throw invalid('not a cursor');
  const values = v as string[];
  types.forEach((type, i) => {
    const value = values[i]!;
    const ok = type === 'timestamptz' ? TIMESTAMP.test(value) : type === 'int' ? INTEGER.test(value) : value.length > 0 && value.length <= 200;
    if (!ok) throw invalid('not a cursor');
  });
  return { values };
}
