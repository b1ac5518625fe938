// CLI: npx tsx bench/explain-check.ts (--database-url URL | --pglite-dir DIR) [--seqscan-off]
// Runs every view of the read-model bench through the real BFF and EXPLAINs each SQL statement it ran; exits 1
// when any plan reads fallout_case, process_instance or case_incident with a sequential scan. Meant for the
// 1M-row bench database (npm run bench:read-model fills it); on a small database add --seqscan-off.
import { parseArgs } from 'node:util';
import { openDb } from '../src/server/store/db.js';
import { migrate } from '../src/server/store/migrate.js';
import { explainCheck } from './lib/explain.js';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, 'pglite-dir': { type: 'string' }, 'seqscan-off': { type: 'boolean', default: false } } });
if (!values['database-url'] && !values['pglite-dir']) throw new Error('give --database-url URL or --pglite-dir DIR');
const db = await openDb({ databaseUrl: values['database-url'], pgliteDir: values['pglite-dir'] });
try {
  await migrate(db);
  const { statements, violations } = await explainCheck(db, { seqscanOff: values['seqscan-off'], log: (l) => console.log(`[explain] ${l}`) });
  for (const v of violations) console.log(`\nSEQ SCAN of ${v.relation} in "${v.view}":\n  ${v.sql}\n${v.plan}`);
  console.log(`[explain] ${statements} statements, ${violations.length} sequential scans of ${['fallout_case', 'process_instance', 'case_incident'].join(', ')}`);
  process.exitCode = violations.length ? 1 : 0;
} finally {
  await db.close();
}
