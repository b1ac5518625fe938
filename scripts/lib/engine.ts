import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { cleanEngineDatabase, type EngineDatabase } from './engine-database.js';
import { ENGINE_DIR, flavorSpec, type FlavorSpec } from './engine-flavor.js';
import { startManaged, waitFor, type ManagedProcess } from './managed-process.js';

export { ENGINE_DIR };

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

/**
 * Builds the flavour's jar once; rebuilds only when the engine's sources are newer than that jar (each flavour
 * has its own jar and build folder, so building one never makes the other stale). Maven's progress is shown.
 */
export function buildEngine(options: { force?: boolean; quiet?: boolean; flavor?: FlavorSpec } = {}): void {
  const { mvn } = checkToolchain();
  const flavor = options.flavor ?? flavorSpec();
  const sourcesTime = Math.max(newestMtime(path.join(ENGINE_DIR, 'src')), statSync(path.join(ENGINE_DIR, 'pom.xml')).mtimeMs);
  if (!options.force && existsSync(flavor.jar) && statSync(flavor.jar).mtimeMs >= sourcesTime) return;
  const probe = spawnSync(mvn, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Maven is needed to build the reference engine and "${mvn}" could not be run. Install Maven 3.8+ (e.g. apt-get install maven) or set MAVEN_CMD to its path.`);
  }
  console.log(`[engine] building the reference engine (${flavor.product}) with Maven (the first build downloads dependencies from Maven Central)…`);
  execFileSync(mvn, ['-B', ...(options.quiet ? ['-q'] : []), `-P${flavor.mavenProfile}`, '-DskipTests', 'package'], { cwd: ENGINE_DIR, stdio: 'inherit' });
}

export interface EngineOptions {
  port: number;
  dataDir: string;
  /** Start empty: removes the H2 folder, or the engine's tables in the PostgreSQL database. */
  clean?: boolean;
  /** A PostgreSQL database instead of the embedded H2 file in `dataDir` (see engineDatabaseFromEnv). */
  db?: EngineDatabase;
  /** Which engine; ENGINE_FLAVOR's by default. */
  flavor?: FlavorSpec;
  retryCycle?: string;
  logFile?: string;
  echo?: boolean;
}

export function engineRestUrl(port: number): string {
  return `http://127.0.0.1:${port}/engine-rest`;
}

export async function startEngine(options: EngineOptions): Promise<ManagedProcess> {
  const { java } = checkToolchain();
  const { jar } = options.flavor ?? flavorSpec();
  if (!existsSync(jar)) throw new Error(`The engine jar is missing (${jar}); run npm run engine:build first.`);
  if (options.clean) {
    rmSync(options.dataDir, { recursive: true, force: true });
    if (options.db) await cleanEngineDatabase(options.db);
  }
  mkdirSync(options.dataDir, { recursive: true });
  return startManaged('engine', java, ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-jar', jar], {
    env: {
      ENGINE_PORT: String(options.port),
      ENGINE_DATA_DIR: options.dataDir,
      ENGINE_RETRY_CYCLE: options.retryCycle ?? 'R2/PT1S',
      // Always set, never inherited: an engine started without `db` is on H2 even when the caller's shell
      // has ENGINE_DB_URL set (undefined values are left out of the child's environment).
      ENGINE_DB_URL: options.db?.url,
      ENGINE_DB_USER: options.db?.user,
      ENGINE_DB_PASSWORD: options.db?.password,
    },
    logFile: options.logFile ?? path.join(options.dataDir, 'engine.log'),
    echo: options.echo,
  });
}

/** Waits until the REST API answers and asserts it is the engine version the flavour is built against. */
export async function waitForEngine(baseUrl: string, timeoutMs = 120_000, exited?: Promise<unknown>, flavor: FlavorSpec = flavorSpec()): Promise<string> {
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
  if (version !== flavor.expectedVersion) {
    throw new Error(`Engine at ${baseUrl} reports ${version}; expected ${flavor.product} (ENGINE_FLAVOR=${flavor.flavor}).`);
  }
  return version;
}
