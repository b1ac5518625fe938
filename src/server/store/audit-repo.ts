// Audit evidence: an append-only, hash-chained table (migrations 001 and 004). Appends are serialised by
// locking the one-row chain head in the caller's transaction, so concurrent appends cannot fork the chain.
import { createHash } from 'node:crypto';
import type { Queryable } from './db.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  roles: readonly string[];
  /** The actor's team; null for the system (sync, outbox). */
  team?: string | null;
  caseId: string | null;
  businessKey: string | null;
  action: string;
  commandId: string | null;
  idempotencyKey: string | null;
  outcome: string;
  /** Inputs, preconditions checked, engine and domain calls with results. */
  detail: Record<string, unknown>;
}

/** The previous hash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every field of a stored event that goes into its hash. `detail` is its canonical JSON text. */
export interface ChainedFields {
  seq: number;
  chainIndex: number;
  at: Date;
  actor: string;
  roles: readonly string[];
  team: string | null;
  caseId: string | null;
  businessKey: string | null;
  action: string;
  commandId: string | null;
  idempotencyKey: string | null;
  outcome: string;
  detail: string;
  prevHash: string;
}

/** One stored event as read back: its fields, its hash and the exact text that was hashed. */
export interface StoredAuditEvent extends ChainedFields {
  hash: string;
  canonical: string;
}

export interface AppendedAudit {
  seq: number;
  chainIndex: number;
  hash: string;
}

/**
 * Appends one event to the chain inside the caller's transaction. It locks the chain head until that
 * transaction ends, so call it as the last statement of the transaction: other appends wait for the commit,
 * and taking other row locks after it invites deadlocks.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<AppendedAudit> {
  const [head] = await tx.query<{ last_index: number | string; last_hash: string }>(
    'SELECT last_index, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
  );
  if (!head) throw new Error('audit_chain_head has no row: migration 004 has not run');
  // seq is drawn under the lock as well, so seq order and chain order agree for every honest append.
  const [next] = await tx.query<{ seq: number | string }>("SELECT nextval(pg_get_serial_sequence('audit_event', 'seq')) AS seq");
  const fields: ChainedFields = {
    seq: Number(next!.seq),
    chainIndex: Number(head.last_index) + 1,
    at: entry.at,
    actor: entry.actor,
    roles: [...entry.roles],
    team: entry.team ?? null,
    caseId: entry.caseId,
    businessKey: entry.businessKey,
    action: entry.action,
    commandId: entry.commandId,
    idempotencyKey: entry.idempotencyKey,
    outcome: entry.outcome,
    detail: canonicalJson(entry.detail),
    prevHash: head.last_hash,
  };
  const canonical = canonicalEventText(fields);
  const hash = hashCanonical(canonical);
  await tx.query(
    `INSERT INTO audit_event (seq, chain_index, at, actor, roles, team, case_id, business_key, action, command_id, idempotency_key, outcome,
       detail, prev_hash, hash, canonical)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [fields.seq, fields.chainIndex, fields.at, fields.actor, [...fields.roles], fields.team, fields.caseId, fields.businessKey, fields.action,
      fields.commandId, fields.idempotencyKey, fields.outcome, fields.detail, fields.prevHash, hash, canonical],
  );
  await tx.query('UPDATE audit_chain_head SET last_index = $1, last_hash = $2 WHERE id = 1', [fields.chainIndex, hash]);
  return { seq: fields.seq, chainIndex: fields.chainIndex, hash };
}

/** JSON with sorted keys, so the same facts always give the same text (and the same hash). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The text an event's hash is computed from. Migration 004 builds the same text in SQL for events written
 * before the chain existed; change one and you must change the other.
 */
export function canonicalEventText(fields: ChainedFields): string {
  return canonicalJson({
    action: fields.action,
    actor: fields.actor,
    at: fields.at.toISOString(),
    businessKey: fields.businessKey,
    caseId: fields.caseId,
    chainIndex: fields.chainIndex,
    commandId: fields.commandId,
    detail: JSON.parse(fields.detail) as unknown,
    idempotencyKey: fields.idempotencyKey,
    outcome: fields.outcome,
    prevHash: fields.prevHash,
    roles: fields.roles,
    seq: fields.seq,
    team: fields.team,
  });
}

export function hashCanonical(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainHead {
  lastIndex: number;
  lastHash: string;
}

export async function readChainHead(db: Queryable): Promise<ChainHead> {
  const [head] = await db.query<{ last_index: number | string; last_hash: string }>('SELECT last_index, last_hash FROM audit_chain_head WHERE id = 1');
  return head ? { lastIndex: Number(head.last_index), lastHash: head.last_hash } : { lastIndex: 0, lastHash: GENESIS_HASH };
}

/** Which events to read. Every field narrows; `from` is inclusive, `to` exclusive. */
export interface AuditFilter {
  caseId?: string;
  /** Matched without regard to case, like the business-key search. */
  businessKey?: string;
  from?: Date;
  to?: Date;
}

export interface AuditPage {
  limit: number;
  offset: number;
  /** `desc` (default): newest first, for a screen; `asc`: chain order. */
  order?: 'asc' | 'desc';
}

export async function listAuditEvents(db: Queryable, filter: AuditFilter, page: AuditPage): Promise<{ items: StoredAuditEvent[]; total: number }> {
  const where = whereClause(filter);
  const direction = page.order === 'asc' ? 'ASC' : 'DESC';
  const n = where.params.length;
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_event ${where.sql} ORDER BY chain_index ${direction} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...where.params, page.limit, page.offset],
  );
  const [count] = await db.query<{ total: number | string }>(`SELECT count(*) AS total FROM audit_event ${where.sql}`, where.params);
  return { items: rows.map(fromRow), total: Number(count?.total ?? 0) };
}

/**
 * Every matching event in chain order, read in batches so an export or a verification of millions of events
 * never holds them all in memory. `upToChainIndex` fixes the end (read the chain head first), so events
 * appended while the iteration runs do not make it chase a moving end.
 */
export async function* iterateAuditEvents(
  db: Queryable,
  filter: AuditFilter,
  options: { upToChainIndex?: number; batchSize?: number } = {},
): AsyncGenerator<StoredAuditEvent> {
  const batchSize = options.batchSize ?? 500;
  const where = whereClause(filter);
  const n = where.params.length;
  const bound = where.sql ? `${where.sql} AND` : 'WHERE';
  // Tampering may leave indexes below 1 (a half-done swap); start from the very bottom so they show too.
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = await db.query<AuditRow>(
      `SELECT * FROM audit_event ${bound} chain_index > $${n + 1} AND chain_index <= $${n + 2} ORDER BY chain_index ASC LIMIT $${n + 3}`,
      [...where.params, after, options.upToChainIndex ?? Number.MAX_SAFE_INTEGER, batchSize],
    );
    for (const row of rows) yield fromRow(row);
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]!.chain_index);
  }
}

interface AuditRow {
  seq: number | string;
  chain_index: number | string;
  at: Date;
  actor: string;
  roles: string[];
  team: string | null;
  case_id: string | null;
  business_key: string | null;
  action: string;
  command_id: string | null;
  idempotency_key: string | null;
  outcome: string;
  detail: string;
  prev_hash: string;
  hash: string;
  canonical: string;
}

function fromRow(row: AuditRow): StoredAuditEvent {
  return {
    seq: Number(row.seq),
    chainIndex: Number(row.chain_index),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    actor: row.actor,
    roles: row.roles,
    team: row.team,
    caseId: row.case_id,
    businessKey: row.business_key,
    action: row.action,
    commandId: row.command_id,
    idempotencyKey: row.idempotency_key,
    outcome: row.outcome,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
    canonical: row.canonical,
  };
}

function whereClause(filter: AuditFilter): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.caseId !== undefined) add((p) => `case_id = ${p}`, filter.caseId);
  if (filter.businessKey !== undefined) add((p) => `lower(business_key) = lower(${p})`, filter.businessKey);
  if (filter.from !== undefined) add((p) => `at >= ${p}`, filter.from);
  if (filter.to !== undefined) add((p) => `at < ${p}`, filter.to);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The stored hash and seq of the events at these chain positions (positions with no event are absent). */
export async function eventsAtChainIndexes(db: Queryable, chainIndexes: number[]): Promise<Map<number, { seq: number; hash: string }>> {
  if (chainIndexes.length === 0) return new Map();
  const rows = await db.query<{ chain_index: number | string; seq: number | string; hash: string }>(
    'SELECT chain_index, seq, hash FROM audit_event WHERE chain_index = ANY($1::bigint[])',
    [chainIndexes],
  );
  return new Map(rows.map((r) => [Number(r.chain_index), { seq: Number(r.seq), hash: r.hash }]));
}
