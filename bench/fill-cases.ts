// CLI: npx tsx bench/fill-cases.ts --cases N (--database-url URL | --pglite-dir DIR) [--seed S]
// Migrates the database and fills it with N synthetic cases (see bench/lib/fill-cases.ts).
import { parseArgs } from 'node:util';
import { fillCases } from './lib/fill-cases.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    seed: { type: 'string', default: '7' },
  },
});
const cases = Number(values.cases);
if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive whole number');
if (!values['database-url'] && !values['pglite-dir']) throw new Error('give --database-url URL or --pglite-dir DIR');
await fillCases({
  databaseUrl: values['database-url'],
  pgliteDir: values['pglite-dir'],
  cases,
  seed: Number(values.seed),
  log: (line) => console.log(`[fill] ${line}`),
});
