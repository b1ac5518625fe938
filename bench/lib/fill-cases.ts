// Fills a read-model database with N synthetic fallout cases whose value distributions look like a real order
// shop's: mostly resolved history spread over a year, a few percent open (more of them recent), 30 % assigned,
// three processes and ten failing activities with the catalog's categories, severities, rules, runbooks and
// teams, `order:ORD-<n>` business keys, the matching case_incident rows, the mirrored process instances (plus
// the ended orders that never failed), domain events on some orders, recovery commands and approvals.
//
// Everything is set-based: one `INSERT … SELECT FROM generate_series` per table and chunk, values derived from
// `hashint8extended(i, seed)` so a run is reproducible and chunks are independent. The audit log is left
// empty: it is a hash chain with append-only triggers, and the views the benches time do not read it except
// the case page's timeline, whose indexed lookup by case id costs the same on an empty table.
//
// Any table a migration maintains from fallout_case by trigger (the dashboard rollup of migration 008) is
// filled by those triggers as the cases go in, so the filler cannot disagree with the live write path.
import { openDb, type Db } from '../../src/server/store/db.js';
import { migrate } from '../../src/server/store/migrate.js';

export interface FillOptions {
  /** PostgreSQL URL; or `pgliteDir` for an embedded PGlite data directory. */
  databaseUrl?: string;
  pgliteDir?: string;
  cases: number;
  seed?: number;
  /** Cases per statement; smaller chunks keep PGlite's memory low. */
  chunk?: number;
  /** The instant the history ends at (default now): first seen spreads over the 365 days before it. */
  now?: Date;
  log?: (line: string) => void;
}

export const FILL_ENGINE_ID = 'default';
/** Order numbers start here, so `ORD-<FIRST_ORDER + k>` has six digits or more. */
export const FIRST_ORDER = 100000;

/** Case `i` (1-based) belongs to order `orderOf(i)`: four orders per five cases, so some orders have two cases. */
export const orderNumberSql = (i: string) => `(${FIRST_ORDER} + ((${i}) * 4) / 5)`;

export async function fillCases(options: FillOptions): Promise<void> {
  const db = await openDb({ databaseUrl: options.databaseUrl, pgliteDir: options.pgliteDir });
  try {
    await fillInto(db, options);
  } finally {
    await db.close();
  }
}

/** Fills an open database (migrating it first); throws if it already holds cases. */
export async function fillInto(db: Db, options: FillOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 7;
  const chunk = options.chunk ?? (db.kind === 'pglite' ? 25_000 : 100_000);
  const now = options.now ?? new Date();
  await migrate(db);
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fallout_case')) as [{ n: number }];
  if (n > 0) throw new Error(`the database already holds ${n} cases; fill an empty one`);
  const started = Date.now();
  for (let from = 1; from <= options.cases; from += chunk) {
    const to = Math.min(options.cases, from + chunk - 1);
    await db.transaction(async (tx) => {
      for (const statement of chunkStatements()) await tx.query(statement, [from, to, seed, now]);
    });
    log(`filled cases ${from}..${to} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  // Ended orders that never failed: search finds their instances too (one per two cases).
  const ended = Math.floor(options.cases / 2);
  for (let from = 1; from <= ended; from += chunk) {
    const to = Math.min(ended, from + chunk - 1);
    await db.query(ENDED_ORDERS_SQL, [from, to, seed, now, options.cases]);
  }
  // New cases the sync opens after the fill must not reuse a number.
  await db.query("SELECT setval('fallout_case_number', $1::bigint)", [options.cases]);
  await db.query('ANALYZE');
  log(`filled ${options.cases} cases and ${ended} ended orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// ---- the synthetic world ------------------------------------------------------------------------------------
// $1 = first case number, $2 = last, $3 = seed, $4 = now. `h(k)` is a non-negative hash of the case number
// for dimension k; the `pick` CTE turns hashes into the case's attributes once, every table reads from it.

const h = (k: number) => `abs(hashint8extended(g.i, $3::bigint * 100 + ${k}))`;

/**
 * The failing steps: process, activity, name, topic, incident type, source, weight (per mille), team, rule,
 * runbook, category, severity, message. Weights sum to 1000.
 */
const STEPS: [string, string, string, string | null, string | null, string, number, string, string, string, string, string, string][] = [
  ['order-orchestration', 'reserveInventory', 'Reserve inventory', 'reserve-inventory', 'failedExternalTask', 'INCIDENT', 190, 'fulfillment',
    'reserve-timeout-after-send', 'inventory-reservation-unknown-outcome', 'UNKNOWN_OUTCOME', 'HIGH', 'RESERVATION_TIMEOUT_AFTER_SEND: inventory did not answer within 5000 ms'],
  ['order-orchestration', 'checkAvailability', 'Check availability', 'check-availability', 'failedExternalTask', 'INCIDENT', 160, 'fulfillment',
    'availability-unavailable', 'dependency-unavailable', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'AVAILABILITY_UNAVAILABLE: stock service answered 503'],
  ['order-orchestration', 'generateDocument', 'Generate order document', 'generate-document', 'failedExternalTask', 'INCIDENT', 110, 'fulfillment',
    'document-generation-failed', 'document-generation-failure', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'DOCUMENT_GENERATION_FAILED: template renderer timed out'],
  ['order-orchestration', 'notifyCustomer', 'Notify customer', 'notify-customer', 'failedExternalTask', 'INCIDENT', 90, 'fulfillment',
    'notification-failed', 'notification-duplicate-risk', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'NOTIFICATION_FAILED: mail gateway refused the connection'],
  ['order-orchestration', 'validateOrder', 'Validate order', null, 'failedJob', 'INCIDENT', 40, 'platform',
    'expression-needs-missing-variable', 'incident-spike-after-deployment', 'TECHNICAL_PERSISTENT', 'HIGH', 'Unknown property used in expression: ${orderTotal > 0}. Cause: Cannot resolve identifier \'orderTotal\''],
  ['order-orchestration', 'logReservationReminder', 'Log reservation reminder', null, 'failedJob', 'INCIDENT', 20, 'platform',
    'worker-defect-on-safe-step', 'worker-defect', 'TECHNICAL_PERSISTENT', 'HIGH', 'WORKER_ERROR: reminder job failed'],
  ['order-orchestration', 'waitForReservationCallback', 'Wait for reservation callback', null, null, 'STUCK', 70, 'fulfillment',
    'stuck-past-budget', 'stuck-waiting-for-reservation-callback', 'UNKNOWN_OUTCOME', 'HIGH', 'Waiting for the reservation callback past its stage budget'],
  ['billing-handoff', 'billingHandoffTask', 'Hand off to billing', 'billing-handoff', 'failedExternalTask', 'INCIDENT', 210, 'billing-ops',
    'billing-handoff-failed', 'billing-handoff-failure', 'UNKNOWN_OUTCOME', 'CRITICAL', 'BILLING_HANDOFF_FAILED: billing answered 500 after the request was sent'],
  ['change-order', 'validateChange', 'Validate change', null, 'failedJob', 'INCIDENT', 50, 'platform',
    'unclassified', 'unclassified-failure', 'TECHNICAL_PERSISTENT', 'MEDIUM', 'ENGINE-02033 Cannot evaluate changeOrderId != null: NullPointerException'],
  ['change-order', 'reviewChange', 'Review change', null, null, 'STUCK', 40, 'fulfillment',
    'stuck-past-budget', 'human-task-overdue', 'BUSINESS_UNMODELED', 'LOW', 'Review change waits longer than its stage budget'],
  // The order exists at the order service, no workflow does (reconcile finding: no instance, no activity).
  ['order-orchestration', '', '', null, null, 'RECONCILE', 20, 'fulfillment',
    'order-workflow-not-started', 'order-workflow-not-started', 'BUSINESS_UNMODELED', 'HIGH', 'Order ORD is SUBMITTED at the order service but no workflow started'],
];

const stepCase = (column: number, quote = true) => {
  let acc = 0;
  const arms = STEPS.map((s) => {
    acc += s[6];
    const v = s[column] as string | null;
    return `WHEN s < ${acc} THEN ${v === null || v === '' ? 'NULL' : quote ? `'${String(v).replace(/'/g, "''")}'` : v}`;
  });
  return `CASE ${arms.join(' ')} END`;
};

const SLA = "CASE severity WHEN 'CRITICAL' THEN interval '1 hour' WHEN 'HIGH' THEN interval '4 hours' WHEN 'MEDIUM' THEN interval '24 hours' ELSE interval '72 hours' END";
const USERS = ['sam.support', 'olivia.ops', 'omar.ops', 'theo.tech', 'sara.supervisor', 'sid.supervisor', 'paula.platform'];

/** One row per case with every attribute decided; each chunk statement starts from it. */
const PICK = `
WITH base AS (
  SELECT g.i,
    ${h(1)} % 1000 AS s,
    -- first seen: uniform over 365 days; recent cases are far more often still open
    $4::timestamptz - make_interval(secs => (${h(2)} % (365 * 86400))::double precision) AS first_seen_at,
    ${h(3)} % 1000 AS st,
    ${h(4)} % 1000 AS asg,
    ${h(5)} % 1000 AS lag,
    ${h(6)} % 3 AS ver,
    ${h(7)} % 1000 AS misc
  FROM generate_series($1::int, $2::int) AS g(i)
), stepped AS (
  SELECT b.*,
    ${stepCase(0)} AS definition_key, ${stepCase(1)} AS activity_id, ${stepCase(2)} AS activity_name, ${stepCase(3)} AS topic,
    ${stepCase(4)} AS incident_type, ${stepCase(5)} AS source, ${stepCase(7)} AS team, ${stepCase(8)} AS rule,
    ${stepCase(9)} AS runbook_id, ${stepCase(10)} AS category, ${stepCase(11)} AS severity, ${stepCase(12)} AS error_message
  FROM base b
), pick AS (
  SELECT x.*,
    'FO-' || to_char(x.first_seen_at AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(x.i::text, greatest(6, length(x.i::text)), '0') AS id,
    'ORD-' || ${orderNumberSql('x.i')} AS entity_id,
    'order:ORD-' || ${orderNumberSql('x.i')} AS business_key,
    CASE WHEN x.status_code < 4 THEN (ARRAY['OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED'])[x.status_code + 1]
         WHEN x.st % 7 = 0 THEN 'CLOSED' ELSE 'RESOLVED' END AS status,
    -- the order's instance; a billing case lives in the billing child the order instance called
    md5('pi-order-' || ${orderNumberSql('x.i')} || '-' || $3::bigint::text)::uuid::text AS order_instance_id,
    md5('pi-child-' || x.i || '-' || $3::bigint::text)::uuid::text AS child_instance_id
  FROM (
    SELECT s2.*,
      -- 0..3 = an active status, 4 = not active. Last 30 days: 40 % active; older: 3 %.
      CASE WHEN (s2.first_seen_at > $4::timestamptz - interval '30 days' AND s2.st < 400) OR s2.st < 30
           THEN (CASE WHEN s2.misc < 500 THEN 0 WHEN s2.misc < 750 THEN 1 WHEN s2.misc < 850 THEN 2 ELSE 3 END)
           ELSE 4 END AS status_code
    FROM stepped s2
  ) x
), c AS (
  SELECT p.*,
    CASE WHEN p.source = 'RECONCILE' THEN NULL
         WHEN p.definition_key = 'order-orchestration' THEN p.order_instance_id ELSE p.child_instance_id END AS process_instance_id,
    CASE WHEN p.source = 'RECONCILE' THEN NULL ELSE p.order_instance_id END AS root_process_instance_id,
    p.definition_key || ':' || (p.ver + 1) || ':' || md5(p.definition_key || (p.ver + 1))::uuid::text AS definition_id,
    (p.ver + 1)::int AS definition_version,
    -- assigned: 30 %, and always while someone is working it
    CASE WHEN p.asg < 300 OR p.status = 'IN_PROGRESS' THEN (ARRAY[${USERS.map((u) => `'${u}'`).join(',')}])[(p.asg % ${USERS.length}) + 1] END AS assignee,
    -- sync lag: mostly 1-3 s, a tail up to a few minutes
    p.first_seen_at + make_interval(secs => (CASE WHEN p.lag < 900 THEN 1 + p.lag % 3 WHEN p.lag < 990 THEN 5 + p.lag % 60 ELSE 60 + p.lag % 240 END)::double precision) AS created_at,
    least(p.first_seen_at + make_interval(mins => (p.misc % 90)::int), $4::timestamptz) AS last_seen_at,
    CASE WHEN p.status IN ('RESOLVED','CLOSED') THEN least(p.first_seen_at + make_interval(mins => (10 + p.lag * 3)::int), $4::timestamptz) END AS resolved_at,
    p.status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED') AS active
  FROM pick p
)`;

const CASES_SQL = `${PICK}
INSERT INTO fallout_case (id, engine_id, source, status, category, unclassified, severity, business_key, entity_type, entity_id,
  process_instance_id, root_process_instance_id, definition_id, definition_key, definition_version, activity_id, activity_name,
  incident_type, topic, error_message, first_seen_at, last_seen_at, resolved_at, version, created_at, updated_at,
  classification_rule, runbook_id, team, assignee, sla_due_at, reopened_count, finding_key)
SELECT id, '${FILL_ENGINE_ID}', source, status, category, rule = 'unclassified', severity, business_key, 'ORDER', entity_id,
  process_instance_id, root_process_instance_id,
  CASE WHEN source = 'RECONCILE' THEN NULL ELSE definition_id END, definition_key,
  CASE WHEN source = 'RECONCILE' THEN NULL ELSE definition_version END, activity_id, activity_name,
  incident_type, topic, replace(error_message, 'ORD ', entity_id || ' '), first_seen_at, greatest(last_seen_at, created_at), resolved_at,
  1 + (misc % 4), created_at, greatest(coalesce(resolved_at, last_seen_at), created_at),
  CASE WHEN rule = 'unclassified' THEN NULL ELSE rule END, runbook_id, team, assignee, first_seen_at + ${SLA},
  CASE WHEN misc % 50 = 0 THEN 1 ELSE 0 END,
  CASE WHEN source = 'STUCK' THEN 'stuck:' || process_instance_id || ':' || activity_id
       WHEN source = 'RECONCILE' THEN 'reconcile:workflow-not-started:' || entity_id END
FROM c`;

/** The root-cause incident of every incident case; a billing case also has the parent's at the call activity. */
const INCIDENTS_SQL = `${PICK}
INSERT INTO case_incident (case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key,
  activity_id, configuration, message, created_at, open, closed_seen_at)
SELECT id, '${FILL_ENGINE_ID}', md5('inc-' || i || '-' || $3::bigint::text)::uuid::text, incident_type, true, process_instance_id, definition_key,
  activity_id, CASE WHEN topic IS NOT NULL THEN md5('task-' || i)::uuid::text END, error_message, first_seen_at, active,
  CASE WHEN NOT active THEN resolved_at END
FROM c WHERE source = 'INCIDENT'
UNION ALL
SELECT id, '${FILL_ENGINE_ID}', md5('inc-parent-' || i || '-' || $3::bigint::text)::uuid::text, 'failedExternalTask', false, order_instance_id,
  'order-orchestration', 'billingHandoff', md5('inc-' || i || '-' || $3::bigint::text)::uuid::text, error_message, first_seen_at, active,
  CASE WHEN NOT active THEN resolved_at END
FROM c WHERE source = 'INCIDENT' AND definition_key = 'billing-handoff'`;

/**
 * The mirrored instances: each order's instance once (its first case decides it; ON CONFLICT skips the
 * second case of the same order), and each billing or change-order child.
 */
const INSTANCES_SQL = `${PICK}
INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_name,
  definition_version, state, super_instance_id, root_instance_id, current_activity_ids, started_at, ended_at, synced_at)
SELECT '${FILL_ENGINE_ID}', order_instance_id, business_key, 'ORDER', entity_id,
  'order-orchestration:' || definition_version || ':' || md5('order-orchestration' || definition_version)::uuid::text,
  'order-orchestration', 'Order orchestration', definition_version,
  CASE WHEN active THEN 'ACTIVE' WHEN misc % 10 = 0 THEN 'EXTERNALLY_TERMINATED' ELSE 'COMPLETED' END, NULL, order_instance_id,
  CASE WHEN active AND definition_key = 'order-orchestration' THEN ARRAY[activity_id]
       WHEN active THEN ARRAY['billingHandoff'] ELSE '{}' END,
  first_seen_at - interval '2 minutes', CASE WHEN NOT active THEN resolved_at + interval '1 minute' END, $4::timestamptz
FROM c WHERE source <> 'RECONCILE'
UNION ALL
SELECT '${FILL_ENGINE_ID}', child_instance_id, business_key, 'ORDER', entity_id, definition_id, definition_key,
  CASE definition_key WHEN 'billing-handoff' THEN 'Billing handoff' ELSE 'Change order' END, definition_version,
  CASE WHEN active THEN 'ACTIVE' ELSE 'COMPLETED' END,
  CASE WHEN definition_key = 'billing-handoff' THEN order_instance_id END,
  CASE WHEN definition_key = 'billing-handoff' THEN order_instance_id ELSE child_instance_id END,
  CASE WHEN active THEN ARRAY[activity_id] ELSE '{}' END,
  first_seen_at - interval '1 minute', CASE WHEN NOT active THEN resolved_at END, $4::timestamptz
FROM c WHERE definition_key <> 'order-orchestration'
ON CONFLICT (engine_id, id) DO NOTHING`;

/** A duplicate-callback domain event on one order in twenty (the case page's timeline reads them by entity). */
const DOMAIN_EVENTS_SQL = `${PICK}
INSERT INTO domain_event (id, entity_type, entity_id, kind, summary, data, occurred_at, recorded_at)
SELECT 'dup-callback:' || entity_id || ':' || i, 'ORDER', entity_id, 'DUPLICATE_CALLBACK',
  'A second reservation callback for ' || entity_id || ' was refused by the engine', '{}', first_seen_at + interval '5 minutes',
  first_seen_at + interval '6 minutes'
FROM c WHERE misc % 20 = 0 AND definition_key = 'order-orchestration'`;

/** Recovery commands on one case in fifteen (their outcomes feed the dashboard and the queue's command filter). */
const COMMANDS_SQL = `${PICK}
INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, response_status, response_body,
  created_at, updated_at, request_body)
SELECT md5('cmd-' || i || '-' || $3::bigint::text)::uuid::text, md5('key-' || i)::uuid::text, coalesce(assignee, 'olivia.ops'), id,
  CASE WHEN misc % 3 = 0 THEN 'CHECK_EXTERNAL_STATUS' WHEN misc % 3 = 1 THEN 'RETRY_STEP' ELSE 'ANNOTATE' END,
  md5('body-' || i), CASE WHEN active AND misc % 2 = 0 THEN 'FAILED' WHEN active THEN 'PENDING' ELSE 'DONE' END,
  1 + misc % 3, CASE WHEN active AND misc % 2 = 0 THEN 502 WHEN active THEN NULL ELSE 200 END, NULL,
  first_seen_at + interval '20 minutes', first_seen_at + interval '21 minutes', '{}'
FROM c WHERE lag % 15 = 0 AND source <> 'RECONCILE'`;

/**
 * Unsafe-retry requests: a pending one for every case awaiting approval, decided ones on some resolved
 * cases (approved, rejected, expired).
 */
const APPROVALS_SQL = `${PICK}
INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
  reason, evidence, status, requested_at, expires_at, decided_by, decided_at, decision_reason)
SELECT md5('apr-' || i || '-' || $3::bigint::text)::uuid::text, id, 'RETRY_STEP', md5('apr-key-' || i)::uuid::text, md5('apr-body-' || i), '{}', 1,
  'olivia.ops', ARRAY['support','fulfillment_ops'], 'Inventory confirmed no reservation exists', '{}',
  CASE WHEN status = 'AWAITING_APPROVAL' THEN 'PENDING' WHEN misc % 3 = 0 THEN 'APPROVED' WHEN misc % 3 = 1 THEN 'REJECTED' ELSE 'EXPIRED' END,
  first_seen_at + interval '30 minutes', first_seen_at + interval '4 hours 30 minutes',
  CASE WHEN status <> 'AWAITING_APPROVAL' AND misc % 3 <> 2 THEN 'sara.supervisor' END,
  CASE WHEN status <> 'AWAITING_APPROVAL' AND misc % 3 <> 2 THEN first_seen_at + interval '45 minutes' END,
  CASE WHEN status <> 'AWAITING_APPROVAL' AND misc % 3 <> 2 THEN 'checked' END
FROM c WHERE status = 'AWAITING_APPROVAL' OR (NOT active AND category = 'UNKNOWN_OUTCOME' AND lag % 40 = 0)`;

function chunkStatements(): string[] {
  return [CASES_SQL, INCIDENTS_SQL, INSTANCES_SQL, DOMAIN_EVENTS_SQL, COMMANDS_SQL, APPROVALS_SQL];
}

/** Completed order instances without any case ($1..$2 of them, numbered after the case orders; $5 = cases). */
const ENDED_ORDERS_SQL = `
INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_name,
  definition_version, state, super_instance_id, root_instance_id, current_activity_ids, started_at, ended_at, synced_at)
SELECT '${FILL_ENGINE_ID}', x.id, 'order:ORD-' || x.n, 'ORDER', 'ORD-' || x.n,
  'order-orchestration:' || x.v || ':' || md5('order-orchestration' || x.v)::uuid::text, 'order-orchestration', 'Order orchestration', x.v,
  'COMPLETED', NULL, x.id, '{}', x.started, x.started + interval '3 minutes', $4::timestamptz
FROM (
  SELECT g.i, ${FIRST_ORDER} + ($5::int * 4) / 5 + 1 + g.i AS n, 1 + ${h(11)} % 3 AS v,
    md5('pi-ended-' || g.i || '-' || $3::bigint::text)::uuid::text AS id,
    $4::timestamptz - make_interval(secs => (${h(12)} % (365 * 86400))::double precision) AS started
  FROM generate_series($1::int, $2::int) AS g(i)
) x
ON CONFLICT (engine_id, id) DO NOTHING`;
