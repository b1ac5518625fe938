// The reference engine on PostgreSQL as the README documents it: only ENGINE_DB_URL set (the user defaults to
// postgres, never H2's `sa`), the workflows deploy, and --clean empties the engine database so the next start
// begins from nothing. A fresh database per run, dropped afterwards.
// Only in the default (Camunda) run: the launcher's PostgreSQL handling does not depend on the flavour, and
// its ~40 s would lengthen CI's second integration run on Operaton (which passed it when it was added).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deployWorkflows } from '../../workflows/deploy.js';
import { ENGINE_USERS, engineRestUrl, startEngine, waitForEngine } from './engine.js';
import { engineDatabaseFromEnv, pgConfigOf, type EngineDatabase } from './engine-database.js';
import { flavorSpec } from './engine-flavor.js';
import { freePort, type ManagedProcess } from './managed-process.js';

const ADMIN_URL = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const flavor = flavorSpec(inject('engineFlavor'));
const auth = 'Basic ' + Buffer.from(`${ENGINE_USERS.api.user}:${ENGINE_USERS.api.password}`).toString('base64');

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function engineTables(db: EngineDatabase): Promise<number> {
  const { schema: _schema, ...config } = pgConfigOf(db);
  const client = new pg.Client(config);
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'act\\_%'`)).rows[0].count);
  } finally {
    await client.end();
  }
}

describe.skipIf(flavor.flavor !== 'camunda')(`reference engine (${flavor.product}) on PostgreSQL`, () => {
  const name = `fw_engine_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let dataDir = '';
  // Only the URL, as a user following the README would set it.
  const db = engineDatabaseFromEnv({ ENGINE_DB_URL: `jdbc:postgresql://${ADMIN_URL.hostname}:${ADMIN_URL.port || 5432}/${name}` })!;
  let engine: ManagedProcess | null = null;
  let port = 0;

  async function start(clean: boolean) {
    engine = await startEngine({ port, dataDir, db, flavor, clean });
    return waitForEngine(engineRestUrl(port), 120_000, engine.exited, flavor);
  }

  async function count(pathname: string): Promise<number> {
    const response = await fetch(`${engineRestUrl(port)}${pathname}`, { headers: { authorization: auth } });
    return ((await response.json()) as { count: number }).count;
  }

  beforeAll(async () => {
    port = await freePort();
    dataDir = mkdtempSync(path.join(tmpdir(), 'fw-engine-pg-'));
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
  });

  afterAll(async () => {
    await engine?.stop();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with only ENGINE_DB_URL set, deploys, and starts empty again after --clean', async () => {
    expect(db.user).toBe('postgres');
    expect(await start(false)).toBe(flavor.expectedVersion);
    expect(await engineTables(db)).toBeGreaterThan(40);
    await deployWorkflows({ engineUrl: engineRestUrl(port), user: ENGINE_USERS.api.user, password: ENGINE_USERS.api.password });
    expect(await count('/deployment/count')).toBeGreaterThan(0);
    expect(await count('/process-definition/count?key=order-orchestration')).toBeGreaterThan(0);

    await engine!.stop();
    await start(true);
    expect(await count('/deployment/count')).toBe(0);
    // The technical users are recreated at start, so the API still answers with the same credentials.
    expect(await count('/user/count?id=workbench')).toBe(1);
  });
});
