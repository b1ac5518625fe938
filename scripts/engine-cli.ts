// npm run engine:build | engine:start [-- --clean] | engine:stop | engine:health
// engine:start runs the jar in the background in a process group of its own and records the group id.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildEngine, engineRestUrl, startEngine, waitForEngine } from './lib/engine.js';
import { killGroup } from './lib/managed-process.js';
import { REPO_ROOT } from './lib/paths.js';

const port = Number(process.env.ENGINE_PORT ?? 8080);
const dataDir = process.env.ENGINE_DATA_DIR ?? path.join(REPO_ROOT, '.data', 'engine');
const pidFile = path.join(REPO_ROOT, '.data', 'engine.pid');

async function run(command: string | undefined) {
  switch (command) {
    case 'build':
      buildEngine({ force: process.argv.includes('--force') });
      return;
    case 'start': {
      buildEngine();
      const t0 = Date.now();
      const engine = startEngine({ port, dataDir, clean: process.argv.includes('--clean') });
      mkdirSync(path.dirname(pidFile), { recursive: true });
      writeFileSync(pidFile, String(engine.pid));
      engine.child.unref();
      engine.child.stdout?.destroy();
      engine.child.stderr?.destroy();
      const version = await waitForEngine(engineRestUrl(port), 180_000, engine.exited);
      console.log(`Engine ${version} up at ${engineRestUrl(port)} in ${Date.now() - t0} ms (pid group ${engine.pid}; data ${dataDir})`);
      process.exit(0);
    }
    case 'stop': {
      if (!existsSync(pidFile)) return console.log('No engine started by engine:start is recorded.');
      killGroup(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
      rmSync(pidFile);
      return console.log('Engine stopped.');
    }
    case 'health': {
      const version = await waitForEngine(engineRestUrl(port), 5_000);
      return console.log(`Engine at ${engineRestUrl(port)} is healthy: ${version}`);
    }
    default:
      console.error('usage: engine-cli build|start|stop|health');
      process.exit(2);
  }
}

run(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
