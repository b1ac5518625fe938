// The views the read-model bench times and the EXPLAIN check inspects: each is an HTTP request through the
// BFF, with ids drawn from the filled database so every request hits a different order, prefix or case.
import type { Db } from '../../src/server/store/db.js';
import { FILL_ENGINE_ID } from './fill-cases.js';

export interface View {
  name: string;
  /** Who asks (a demo user id): the saved views depend on it. */
  user: string;
  /** A path for request number `k` (different ids per request). */
  path: (k: number) => string;
  /** Counted against a target in the report (ms, p95), when the issue sets one. */
  targetP95Ms?: number;
  /** A second page needs the first page's cursor: fetched once up front. */
  needsCursor?: boolean;
}

export interface Samples {
  orderIds: string[];
  prefixes: string[];
  digits: string[];
  caseIds: string[];
  openCaseIds: string[];
  instanceIds: string[];
  secondPageCursor: string | null;
  /** An engine the filled cases belong to (the dashboard filtered to one engine). */
  engineId: string;
}

/** Ids to search and open, sampled from the database (bounded, indexed reads). */
export async function sampleIds(db: Db, count = 50): Promise<Samples> {
  const [{ max }] = (await db.query<{ max: number }>("SELECT last_value::int AS max FROM fallout_case_number")) as [{ max: number }];
  const caseNumbers = Array.from({ length: count }, (_, k) => 1 + Math.floor(((k * 7919) % 1000) / 1000 * Math.max(1, max - 1)));
  const cases = await db.query<{ id: string; entity_id: string | null; process_instance_id: string | null }>(
    `SELECT id, entity_id, process_instance_id FROM fallout_case WHERE upper(id) = ANY($1::text[])`,
    [caseNumbers.flatMap((n) => ['2025', '2026'].map((y) => `FO-${y}-${String(n).padStart(6, '0')}`))],
  );
  const open = await db.query<{ id: string }>(
    `SELECT id FROM fallout_case WHERE status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED') ORDER BY last_seen_at DESC, id DESC LIMIT $1`,
    [count],
  );
  const orderIds = cases.map((c) => c.entity_id).filter((e): e is string => !!e);
  return {
    orderIds,
    // `ORD-1234` is no order (order numbers have six digits or more): the search offers the ids starting with it.
    prefixes: orderIds.map((o) => o.slice(0, 8)),
    digits: orderIds.map((o) => o.replace(/^ORD-/, '')),
    caseIds: cases.map((c) => c.id),
    openCaseIds: open.map((c) => c.id),
    instanceIds: cases.map((c) => c.process_instance_id).filter((p): p is string => !!p),
    secondPageCursor: null,
    engineId: FILL_ENGINE_ID,
  };
}

const pick = <T>(list: T[], k: number): T => list[k % list.length]!;
const q = (text: string) => `/api/search?q=${encodeURIComponent(text)}`;

export function readViews(s: Samples): View[] {
  return [
    { name: 'search: order id', user: 'olivia.ops', path: (k) => q(pick(s.orderIds, k)), targetP95Ms: 50 },
    { name: 'search: order id prefix', user: 'olivia.ops', path: (k) => q(pick(s.prefixes, k)), targetP95Ms: 100 },
    { name: 'search: digits only', user: 'olivia.ops', path: (k) => q(pick(s.digits, k)) },
    { name: 'search: case id', user: 'olivia.ops', path: (k) => q(pick(s.caseIds, k)) },
    { name: 'search: process instance id', user: 'olivia.ops', path: (k) => q(pick(s.instanceIds, k)) },
    { name: 'search: free text', user: 'olivia.ops', path: (k) => q(pick(['reservation timeout', 'billing', 'rev:2', 'ORD-10'], k)) },
    { name: 'queue: first page', user: 'olivia.ops', path: () => '/api/queue', targetP95Ms: 100 },
    { name: 'queue: second page (cursor)', user: 'olivia.ops', path: () => `/api/queue?cursor=${s.secondPageCursor}`, needsCursor: true },
    { name: 'queue: team view', user: 'olivia.ops', path: () => '/api/queue?view=team' },
    { name: 'queue: category + status', user: 'olivia.ops', path: () => '/api/queue?category=UNKNOWN_OUTCOME&status=OPEN,ESCALATED' },
    { name: 'queue: activity filter', user: 'olivia.ops', path: () => '/api/queue?processKey=order-orchestration&activityId=reserveInventory' },
    // The dashboard's deployment list links each definition version to exactly its cases (playbook §18.3).
    { name: 'queue: definition version, all statuses', user: 'olivia.ops', path: () => '/api/queue?processKey=order-orchestration&processVersion=2&status=all' },
    { name: 'queue: assignee=me, all statuses', user: 'olivia.ops', path: () => '/api/queue?assignee=me&status=all' },
    { name: 'queue: severity sort', user: 'olivia.ops', path: () => '/api/queue?sort=severity' },
    { name: 'queue: all statuses', user: 'olivia.ops', path: () => '/api/queue?status=all' },
    { name: 'queue: text filter (open cases)', user: 'olivia.ops', path: (k) => `/api/queue?q=${encodeURIComponent(pick(s.prefixes, k))}` },
    { name: 'dashboard: 24h', user: 'sara.supervisor', path: () => '/api/dashboard?range=24h', targetP95Ms: 150 },
    { name: 'dashboard: 7d', user: 'sara.supervisor', path: () => '/api/dashboard?range=7d', targetP95Ms: 150 },
    { name: 'dashboard: 30d', user: 'sara.supervisor', path: () => '/api/dashboard?range=30d', targetP95Ms: 150 },
    // One engine's figures (several engines): the same statements with the engine bound, planned on the same indexes.
    { name: 'dashboard: 7d, one engine', user: 'sara.supervisor', path: () => `/api/dashboard?range=7d&engineId=${s.engineId}`, targetP95Ms: 150 },
    // The alerts page (playbook §14): the alert tables only, never the cases.
    { name: 'alerts', user: 'sara.supervisor', path: () => '/api/alerts' },
    { name: 'case page (engine down)', user: 'olivia.ops', path: (k) => `/api/cases/${pick(k % 2 ? s.openCaseIds : s.caseIds, k)}` },
  ];
}
