// npm run engine:build | engine:start [-- --clean] | engine:stop | engine:health
// engine:start runs the jar in the background in a process group of its own and records the group id.
// ENGINE_FLAVOR (camunda | operaton) picks the engine; ENGINE_DB_URL (+ ENGINE_DB_USER / ENGINE_DB_PASSWORD)
// puts it on PostgreSQL, where --clean drops the engine's tables instead of the H2 folder.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildEngine, engineRestUrl, startEngine, waitForEngine } from './lib/engine.js';
import { engineDatabaseFromEnv } from './lib/engine-database.js';
import { flavorSpec } from './lib/engine-flavor.js';
import { killGroup } from './lib/managed-process.js';

const port = Number(process.env.ENGINE_PORT ?? 8080);
const flavor = flavorSpec();
const dataDir = process.env.ENGINE_DATA_DIR ?? path.join(flavor.dataHome, 'engine');
const pidFile = path.join(flavor.dataHome, 'engine.pid');

async function run(command: string | undefined) {
  switch (command) {
    case 'build':
      buildEngine({ force: process.argv.includes('--force'), flavor });
      return;
    case 'start': {
      buildEngine({ flavor });
      const t0 = Date.now();
      const db = engineDatabaseFromEnv();
      const engine = await startEngine({ port, dataDir, clean: process.argv.includes('--clean'), db, flavor });
      mkdirSync(path.dirname(pidFile), { recursive: true });
      writeFileSync(pidFile, String(engine.pid));
      engine.child.unref();
      engine.child.stdout?.destroy();
      engine.child.stderr?.destroy();
      const version = await waitForEngine(engineRestUrl(port), 180_000, engine.exited, flavor);
      const where = db ? `database ${db.url}` : `data ${dataDir}`;
      console.log(`Engine ${flavor.flavor} ${version} up at ${engineRestUrl(port)} in ${Date.now() - t0} ms (pid group ${engine.pid}; ${where}; Cockpit ${engineRestUrl(port).replace(/\/engine-rest$/, flavor.cockpitPath)})`);
      process.exit(0);
    }
    case 'stop': {
      if (!existsSync(pidFile)) return console.log(`No ${flavor.flavor} engine started by engine:start is recorded.`);
      killGroup(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
      rmSync(pidFile);
      return console.log('Engine stopped.');
    }
    case 'health': {
      const version = await waitForEngine(engineRestUrl(port), 5_000, undefined, flavor);
      return console.log(`Engine at ${engineRestUrl(port)} is healthy: ${flavor.flavor} ${version}`);
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
