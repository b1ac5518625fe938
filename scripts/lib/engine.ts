import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startManaged, waitFor, type ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './paths.js';

export const ENGINE_DIR = path.join(REPO_ROOT, 'engine');
export const ENGINE_JAR = path.join(ENGINE_DIR, 'target', 'reference-engine.jar');
export const EXPECTED_ENGINE_VERSION = '7.24.0';

export const ENGINE_USERS = {
  api: { user: 'workbench', password: 'workbench-secret' },
  worker: { user: 'demoworker', password: 'worker-secret' },
};

/** Java 17+ and Maven must be there; say exactly what to install otherwise. */
export function checkToolchain(): { java: string; mvn: string } {
  const javaHome = process.env.JAVA_HOME;
  const java = javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
  const javaVersion = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (javaVersion.error || javaVersion.status !== 0) {
    throw new Error(`Java 17 or newer is needed to run the reference engine, and "${java}" could not be run. Install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to one.`);
  }
  const major = Number(/version "(\d+)/.exec(javaVersion.stderr + javaVersion.stdout)?.[1] ?? 0);
  if (major < 17) throw new Error(`The reference engine needs Java 17 or newer; "${java}" is Java ${major}. Install JDK 17+ or point JAVA_HOME at one.`);
  const mvn = process.env.MAVEN_CMD ?? 'mvn';
  return { java, mvn };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the jar once; rebuilds only when the engine's sources are newer. Maven's progress is shown. */
export function buildEngine(options: { force?: boolean; quiet?: boolean } = {}): void {
  const { mvn } = checkToolchain();
  const sourcesTime = Math.max(newestMtime(path.join(ENGINE_DIR, 'src')), statSync(path.join(ENGINE_DIR, 'pom.xml')).mtimeMs);
  if (!options.force && existsSync(ENGINE_JAR) && statSync(ENGINE_JAR).mtimeMs >= sourcesTime) return;
  const probe = spawnSync(mvn, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Maven is needed to build the reference engine and "${mvn}" could not be run. Install Maven 3.8+ (e.g. apt-get install maven) or set MAVEN_CMD to its path.`);
  }
  console.log('[engine] building the reference engine with Maven (the first build downloads dependencies from Maven Central)…');
  execFileSync(mvn, ['-B', ...(options.quiet ? ['-q'] : []), '-DskipTests', 'package'], { cwd: ENGINE_DIR, stdio: 'inherit' });
}

export interface EngineOptions {
  port: number;
  dataDir: string;
  clean?: boolean;
  /** JDBC URL of a PostgreSQL database instead of the embedded H2 file. */
  dbUrl?: string;
  retryCycle?: string;
  logFile?: string;
  echo?: boolean;
}

export function engineRestUrl(port: number): string {
  return `http://127.0.0.1:${port}/engine-rest`;
}

export function startEngine(options: EngineOptions): ManagedProcess {
  const { java } = checkToolchain();
  if (!existsSync(ENGINE_JAR)) throw new Error(`The engine jar is missing (${ENGINE_JAR}); run npm run engine:build first.`);
  if (options.clean) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  return startManaged('engine', java, ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-jar', ENGINE_JAR], {
    env: {
      ENGINE_PORT: String(options.port),
      ENGINE_DATA_DIR: options.dataDir,
      ENGINE_RETRY_CYCLE: options.retryCycle ?? 'R2/PT1S',
      ...(options.dbUrl ? { ENGINE_DB_URL: options.dbUrl } : {}),
    },
    logFile: options.logFile ?? path.join(options.dataDir, 'engine.log'),
    echo: options.echo,
  });
}

/** Waits until the REST API answers and asserts it is the engine version the project is built against. */
export async function waitForEngine(baseUrl: string, timeoutMs = 120_000, exited?: Promise<unknown>): Promise<string> {
  let died = false;
  void exited?.then(() => (died = true));
  const auth = 'Basic ' + Buffer.from(`${ENGINE_USERS.api.user}:${ENGINE_USERS.api.password}`).toString('base64');
  const version = await waitFor(
    'the engine REST API',
    async () => {
      if (died) throw new Error('the engine process exited; see its log');
      const response = await fetch(`${baseUrl}/version`, { headers: { authorization: auth }, signal: AbortSignal.timeout(2000) });
      if (!response.ok) return null;
      return ((await response.json()) as { version: string }).version;
    },
    timeoutMs,
    300,
  );
  if (version !== EXPECTED_ENGINE_VERSION) throw new Error(`Engine at ${baseUrl} reports ${version}; expected ${EXPECTED_ENGINE_VERSION}.`);
  return version;
}
