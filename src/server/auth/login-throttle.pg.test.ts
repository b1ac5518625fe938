// The sign-in throttle on a real PostgreSQL server shared by two BFF replicas (two pools): parallel guesses
// against both are counted atomically, so together they still get only the free attempts checked.
// (PGlite is one connection in one process and cannot show a race.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createTestDatabase } from '../testing/test-context.js';
import { LoginThrottle } from './login-throttle.js';

const clock: Clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
let database: { url: string; drop: () => Promise<void> };
let replicaA: Db;
let replicaB: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  replicaA = await openDb({ databaseUrl: database.url });
  replicaB = await openDb({ databaseUrl: database.url });
  await migrate(replicaA);
}, 60_000);
afterAll(async () => {
  await replicaA?.close();
  await replicaB?.close();
  await database?.drop();
});

describe('on PostgreSQL with two replicas', () => {
  it('lets exactly the 5 free attempts of 60 parallel guesses through, however they are spread', async () => {
    const throttles = [new LoginThrottle(replicaA, clock), new LoginThrottle(replicaB, clock)];
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => throttles[i % 2]!.reserve('sid.supervisor', '10.0.0.1')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).map((d) => (d.allowed ? 0 : d.retryAfterSeconds))).toEqual(Array(55).fill(1));
    const [row] = await replicaA.query<{ attempts: number }>("SELECT attempts FROM login_attempt WHERE key = 'user+ip:sid.supervisor|10.0.0.1'");
    expect(row!.attempts).toBe(5);
  });
});
