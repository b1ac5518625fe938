// A real BFF (`src/server/main.ts`) as a child process, configured by environment variables as in
// production, started with the stack's own process tooling. `node --import tsx` rather than the tsx wrapper:
// the child's pid is the BFF itself, so a SIGKILL it dies by is what the parent sees (the wrapper would turn
// it into exit code 137).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startManaged, type ManagedProcess } from '../../../scripts/lib/managed-process.js';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildBff {
  name: string;
  url: string;
  process: ManagedProcess;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
  /** How the child ended: its exit code, or the signal that killed it. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * Starts the BFF on a free port and waits until it answers. `env` adds to (and overrides) a quiet default:
 * no SPA, the sync's passes far apart (a test's own BFF leads the sync), its data folder under `dataDir`.
 */
export async function startChildBff(options: {
  name: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  /** Where its output is written too; `<dataDir>/<name>.log` by default. */
  logFile?: string;
}): Promise<ChildBff> {
  const port = await freePort();
  const child = startManaged(options.name, process.execPath, ['--import', 'tsx', path.join(REPO, 'src/server/main.ts')], {
    cwd: REPO,
    env: {
      WORKBENCH_HOST: '127.0.0.1',
      WORKBENCH_PORT: String(port),
      WEB_DIST: path.join(options.dataDir, 'no-web'),
      // The audit signing key and checkpoints go beside the (unused) embedded database: one folder per child.
      PGLITE_DIR: path.join(options.dataDir, options.name, 'pglite'),
      SYNC_INTERVAL_MS: '600000',
      ...options.env,
    },
    logFile: options.logFile ?? path.join(options.dataDir, `${options.name}.log`),
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.child.stdout?.on('data', collect);
  child.child.stderr?.on('data', collect);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' rather than 'exit': by then every line the child wrote has been read.
    child.child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void ended.then(() => (exited = true));
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} ended before it listened:\n${output}`);
    const answered = await fetch(`${url}/livez`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${options.name} did not listen within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name: options.name, url, process: child, output: () => output, ended, stop: () => child.stop() };
}
