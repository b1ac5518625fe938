// npm run test:integration:both — the integration suite on Camunda 7 and, at the same time, on Operaton.
//
// Each run starts its own engine, demo services and databases on free ports, and spends most of its time
// waiting on them (about 0.7 of a core on the CI machines), so the two side by side take little longer than
// the Camunda run alone. The Operaton run takes only the files that talk to the engine
// (INTEGRATION_ENGINE_API_ONLY, see vitest.integration.config.ts). Camunda's output streams as it comes;
// Operaton's is kept in a file and printed whole when it ends, so the two never interleave.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEngine } from './lib/engine.js';
import { flavorSpec } from './lib/engine-flavor.js';

// Both jars first, one after the other: two Maven builds at once would share one local repository.
for (const flavor of ['camunda', 'operaton'] as const) buildEngine({ flavor: flavorSpec(flavor), quiet: true });

function runSuite(label: string, env: NodeJS.ProcessEnv, output: 'inherit' | string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.integration.config.ts'], {
      env: { ...process.env, ...env },
      stdio: output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    if (output !== 'inherit') {
      const file = createWriteStream(output);
      child.stdout?.pipe(file);
      child.stderr?.pipe(file);
    }
    child.on('exit', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      console.log(`[integration] ${label}: ${status === 0 ? 'passed' : `failed (exit ${code ?? signal})`}`);
      resolve(status);
    });
  });
}

const operatonLog = path.join(mkdtempSync(path.join(tmpdir(), 'fw-int-operaton-')), 'operaton.log');
console.log(`[integration] Camunda 7 here; Operaton beside it (its output follows when it ends: ${operatonLog})`);
const operaton = runSuite('Operaton', { ENGINE_FLAVOR: 'operaton', INTEGRATION_ENGINE_API_ONLY: '1' }, operatonLog);
const camunda = await runSuite('Camunda 7', { ENGINE_FLAVOR: 'camunda' }, 'inherit');
const operatonStatus = await operaton;
console.log('\n[integration] ───── Operaton run ─────');
process.stdout.write(readFileSync(operatonLog, 'utf8'));
process.exit(camunda !== 0 || operatonStatus !== 0 ? 1 : 0);
