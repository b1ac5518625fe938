// The BFF in-process for the read-model bench and the EXPLAIN check: the same wiring as main.ts and
// src/server/testing/test-context.ts, listening on a local port, with the sync NOT started and the engine URL
// pointing at a closed port (list, search and dashboard views make no engine call; the case page answers from
// the read model when the engine cannot be reached). Optionally records every SQL statement the views run.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { DEFAULT_SESSION_POLICY } from '../../src/server/auth/session-store.js';
import { loadUsersFile } from '../../src/server/auth/users-file.js';
import { referenceCatalog } from '../../src/server/catalog/testing.js';
import { systemClock } from '../../src/server/clock.js';
import { composeServices } from '../../src/server/compose.js';
import type { AppContext } from '../../src/server/context.js';
import type { Db, Queryable } from '../../src/server/store/db.js';
import { DEMO_USERS_FILE, unreachableEngineUrl } from '../../src/server/testing/test-context.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

/** A Db that records every statement (and its parameters) before running it. */
export class RecordingDb implements Db {
  readonly statements: Statement[] = [];
  recording = false;
  constructor(private readonly inner: Db) {}
  get kind() {
    return this.inner.kind;
  }
  private record(sql: string, params: unknown[] = []) {
    if (this.recording) this.statements.push({ sql, params });
  }
  query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    this.record(sql, params);
    return this.inner.query<T>(sql, params);
  }
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({
        query: <R>(sql: string, params?: unknown[]) => {
          this.record(sql, params);
          return tx.query<R>(sql, params);
        },
      }),
    );
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface BenchBff {
  baseUrl: string;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function startBenchBff(db: Db, options: { databaseUrl?: string; webDist?: string; port?: number } = {}): Promise<BenchBff> {
  const services = composeServices({
    db,
    databaseUrl: options.databaseUrl,
    engine: { baseUrl: await unreachableEngineUrl(), user: 'workbench', password: 'workbench-secret', timeoutMs: 2_000 },
    engineId: 'default',
    catalog: await referenceCatalog(),
    domainUrls: {},
    clock: systemClock,
    syncIntervalMs: 60_000,
    incidentsPerPass: 10_000,
    syncEngineRps: 50,
    approvalTtlMs: 30 * 60_000,
    recurrenceWindowMs: 24 * 3_600_000,
    orderStartGraceMs: 30_000,
    log: () => undefined,
  });
  const ctx: AppContext = {
    ...services,
    syncStatus: () => services.sync.status,
    users: loadUsersFile(DEMO_USERS_FILE),
    sessionPolicy: DEFAULT_SESSION_POLICY,
    webDist: options.webDist ?? null,
  };
  const app = await buildApp(ctx);
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      await app.close();
    },
  };
}

/** Signs a demo user in over HTTP; returns the headers every further request sends. */
export async function signIn(baseUrl: string, userId: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: userId, password: 'fallout-demo' }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${userId} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const session = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': session.csrfToken };
}
