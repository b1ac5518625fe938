/**
 * Deploys every workflow folder to the engine.
 *
 *   CAMUNDA_URL=http://127.0.0.1:8080/engine-rest CAMUNDA_USER=demoworker CAMUNDA_PASSWORD=worker-secret \
 *     npx tsx workflows/deploy-cli.ts [--dir workflows] [--only order-orchestration,billing-handoff]
 */
import { parseArgs } from 'node:util';
import { deployWorkflows } from './deploy.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    only: { type: 'string' },
  },
});

const engineUrl = process.env.CAMUNDA_URL ?? 'http://127.0.0.1:8080/engine-rest';
const user = process.env.CAMUNDA_USER ?? 'demoworker';
const password = process.env.CAMUNDA_PASSWORD ?? 'worker-secret';

try {
  const result = await deployWorkflows({
    engineUrl,
    user,
    password,
    workflowsDir: values.dir,
    folders: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
  });
  const rows = Object.values(result);
  console.log(`Engine ${engineUrl}`);
  for (const r of rows) {
    const defs = r.definitions.map((d) => `${d.key}:${d.version}`).join(' ');
    console.log(`  ${r.deployedNew ? 'NEW      ' : 'unchanged'}  ${r.folder.padEnd(22)} deployment ${r.deploymentId}  ${defs}`);
  }
  const fresh = rows.filter((r) => r.deployedNew).length;
  console.log(`${fresh} of ${rows.length} folders deployed new definitions.`);
} catch (err) {
  console.error(`Deployment failed: ${(err as Error).message}`);
  process.exit(1);
}
