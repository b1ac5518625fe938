// The EXPLAIN check: runs every view through the real BFF with a recording database, then asks the planner for
// each statement it ran (EXPLAIN, never executed) and fails on a sequential scan of the big tables.
import type { Db } from '../../src/server/store/db.js';
import { RecordingDb, signIn, startBenchBff, type Statement } from './bench-bff.js';
import { readViews, sampleIds } from './read-views.js';

import { BIG_TABLES } from './explain-tables.js';

export { BIG_TABLES };

export interface Violation {
  view: string;
  relation: string;
  sql: string;
  plan: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.includes(node['Relation Name'])) found.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

/**
 * `seqscanOff`: plan with enable_seqscan = off, for a small database where a sequential scan is the right plan
 * and only its necessity matters (a seq scan that remains has no index to use). On the 1M-row bench database
 * run with the planner's own choice.
 */
export async function explainCheck(db: Db, options: { seqscanOff: boolean; log?: (line: string) => void }): Promise<{ statements: number; violations: Violation[] }> {
  const log = options.log ?? (() => undefined);
  const recording = new RecordingDb(db);
  const bff = await startBenchBff(recording);
  const violations: Violation[] = [];
  let statements = 0;
  try {
    const samples = await sampleIds(db, 5);
    const headers: Record<string, Record<string, string>> = {};
    for (const user of ['olivia.ops', 'sara.supervisor']) headers[user] = await signIn(bff.baseUrl, user);
    const first = (await (await fetch(`${bff.baseUrl}/api/queue`, { headers: headers['olivia.ops'] })).json()) as { nextCursor: string | null };
    samples.secondPageCursor = first.nextCursor;
    for (const view of readViews(samples)) {
      if (view.needsCursor && !samples.secondPageCursor) continue;
      recording.statements.length = 0;
      recording.recording = true;
      const response = await fetch(`${bff.baseUrl}${view.path(0)}`, { headers: headers[view.user] });
      await response.arrayBuffer();
      recording.recording = false;
      if (response.status !== 200) throw new Error(`${view.name}: HTTP ${response.status}`);
      const unique = new Map<string, Statement>();
      for (const s of recording.statements) if (/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(s.sql)) unique.set(s.sql + JSON.stringify(s.params), s);
      statements += unique.size;
      for (const s of unique.values()) {
        const plan = await db.transaction(async (tx) => {
          if (options.seqscanOff) await tx.query('SET LOCAL enable_seqscan = off');
          const [row] = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
          const json = row!['QUERY PLAN'];
          return (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: PlanNode }[];
        });
        for (const relation of seqScans(plan[0]!.Plan)) {
          const text = await db.transaction(async (tx) => {
            if (options.seqscanOff) await tx.query('SET LOCAL enable_seqscan = off');
            const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params);
            return rows.map((r) => r['QUERY PLAN']).join('\n');
          });
          violations.push({ view: view.name, relation, sql: s.sql.replace(/\s+/g, ' ').trim(), plan: text });
        }
      }
      log(`${view.name}: ${unique.size} statements explained`);
    }
  } finally {
    await bff.close();
  }
  return { statements, violations };
}
