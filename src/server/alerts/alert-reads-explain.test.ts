// The alert rules run every few seconds on the sync leader, so none of their reads may grow with the number of
// cases: every statement AlertReads runs is planned here (PGlite, sequential scans switched off so only a
// missing index can leave one) and none may read a big table front to back, the same check the read-model
// bench's EXPLAIN makes for the pages (bench/lib/explain.ts; GET /api/alerts is among its views).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_TABLES } from '../../../bench/lib/explain-tables.js';
import { AlertReads } from '../store/alert-reads.js';
import type { Db, Queryable } from '../store/db.js';
import { openTestPglite } from '../testing/pglite-template.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const seqScans = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.includes(node['Relation Name']) ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap(seqScans),
];

const seqScansOf = (node: PlanNode, tables: string[]): string[] => [
  ...(node['Node Type'] === 'Seq Scan' && node['Relation Name'] && tables.includes(node['Relation Name']) ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap((p) => seqScansOf(p, tables)),
];

let db: Db;
beforeAll(async () => {
  db = await openTestPglite();
}, 60_000);
afterAll(async () => db?.close());

describe('alert rule reads', { timeout: 20_000 }, () => {
  it('use rollups and indexes only', async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const recording: Queryable = { query: async (sql, params) => (statements.push({ sql, params: params ?? [] }), db.query(sql, params)) };
    const reads = new AlertReads(recording);
    const now = new Date();
    await reads.stepCounts('default');
    await reads.failedJobCounts('default');
    for (const kind of ['INCIDENT', 'STUCK', 'FAILED_JOB'] as const) await reads.stepExamples('default', 'order-orchestration', 'checkAvailability', kind, 20);
    await reads.approvalBreaches('default', new Date(now.getTime() - 86_400_000), now);
    await reads.latestDeployment('default', 'order-orchestration', new Date(now.getTime() - 7_200_000), now);
    await reads.processName('order-orchestration');
    await reads.lockExpiriesByTopic('default', new Date(now.getTime() - 900_000));
    await reads.liveVersionReports('default');
    await reads.runningAt('default', ['order-orchestration', 'change-order']);
    await reads.versionExamples('default', 'change-order', 2, 5);
    await reads.workerFacts('default', ['check-availability']);
    await reads.reportsNamingTopics('default', ['change-screening']);
    expect(statements).toHaveLength(14);
    for (const s of statements) {
      const plan = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const [row] = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
        const raw = row!['QUERY PLAN'];
        return (typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw)[0].Plan;
      });
      expect(seqScans(plan), s.sql).toEqual([]);
      // The new tables of migration 022 are small per engine but grow with time: read through their indexes too.
      expect(seqScansOf(plan, ['lock_expiry_seen', 'definition_report', 'worker_sample']), s.sql).toEqual([]);
    }
  });
});
