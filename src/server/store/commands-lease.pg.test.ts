// The lease on running commands, on a real PostgreSQL server shared by two BFF replicas (two pools): the
// outbox leaves a command to its run while the lease holds, claims it once the lease ran out, and two
// replicas claiming at once never get the same command; the run that lost its lease cannot record an outcome.
// (PGlite is one connection in one process and cannot show a race.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { CLAIM_EXPIRED_SQL, CommandsRepo, type CommandRow } from './commands-repo.js';
import { createTestDatabase } from '../testing/test-context.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
let database: { url: string; drop: () => Promise<void> };
let replicaA: Db;
let replicaB: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  replicaA = await openDb({ databaseUrl: database.url });
  replicaB = await openDb({ databaseUrl: database.url });
  await migrate(replicaA);
  await replicaA.query(`INSERT INTO fallout_case (id, engine_id, source, status, category, severity, definition_key, activity_id, first_seen_at, last_seen_at, created_at, updated_at, sla_due_at)
    VALUES ('FO-LEASE', 'default', 'INCIDENT', 'IN_PROGRESS', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'order-orchestration', 'checkAvailability', $1, $1, $1, $1, $1)`, [NOW]);
}, 60_000);
afterAll(async () => {
  await replicaA?.close();
  await replicaB?.close();
  await database?.drop();
});
beforeEach(async () => {
  await replicaA.query('DELETE FROM recovery_command');
});

async function intent(repo: CommandsRepo): Promise<CommandRow> {
  const row = await replicaA.transaction((tx) =>
    repo.insert(tx, { id: randomUUID(), idempotency_key: randomUUID(), actor: 'olivia.ops', case_id: 'FO-LEASE', action: 'RETRY_STEP', request_hash: 'h', request_body: '{}' }, NOW),
  );
  return row!;
}

async function until<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the lease on a running command', () => {
  it('leaves the command to its run while the lease holds, hands it to the outbox once it ran out, and fences the old run out', async () => {
    const commands = new CommandsRepo(replicaA, 2000);
    const outbox = new CommandsRepo(replicaB, 2000);
    const running = await intent(commands);
    expect(running).toMatchObject({ state: 'RUNNING' });
    expect(await outbox.claimExpired()).toBeNull();

    // The run renews its lease while it is busy: still nobody else's after more than one lease length.
    const startedAt = Date.now();
    while (Date.now() - startedAt < 2500) {
      expect(await commands.renewLease(running)).toBe(true);
      expect(await outbox.claimExpired()).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // The run dies (no more renewals): after the lease the outbox claims it, once.
    const claimed = await until(() => outbox.claimExpired(), 4000);
    expect(claimed.id).toBe(running.id);
    expect(claimed.lease_owner).not.toBe(running.lease_owner);
    expect(await outbox.claimExpired()).toBeNull();

    // Had the first run only been slow, it can neither keep the command nor record an outcome.
    expect(await commands.renewLease(running)).toBe(false);
    expect(await replicaA.transaction((tx) => commands.finish(tx, running, 'DONE', { status: 200, body: { by: 'old run' } }, NOW))).toBe(false);
    expect(await replicaB.transaction((tx) => outbox.finish(tx, claimed, 'DONE', { status: 200, body: { by: 'outbox' } }, NOW))).toBe(true);
    const done = await commands.get(running.id);
    expect(done).toMatchObject({ state: 'DONE', response_body: JSON.stringify({ by: 'outbox' }), lease_owner: null, lease_until: null });
    expect(await outbox.claimExpired()).toBeNull();
  });

  it('hands a PENDING command to the outbox at once, and again after a claimer gave it back', async () => {
    const commands = new CommandsRepo(replicaA, 60_000);
    const running = await intent(commands);
    expect(await replicaA.transaction((tx) => commands.finish(tx, running, 'PENDING', { status: 202, body: {} }, NOW))).toBe(true);
    const claimed = await commands.claimExpired();
    expect(claimed).toMatchObject({ id: running.id, state: 'PENDING' });
    expect(await commands.claimExpired()).toBeNull();
    await commands.releaseLease(claimed!);
    expect((await commands.claimExpired())?.id).toBe(running.id);
  });

  it('gives each of 40 expired commands to exactly one of two replicas claiming at the same moment', async () => {
    // A lease of 1 ms (the configuration allows no less than 2 s): every command is expired at once.
    const shortLived = new CommandsRepo(replicaA, 1);
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await intent(shortLived)).id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const replicas = [new CommandsRepo(replicaA, 60_000), new CommandsRepo(replicaB, 60_000)];
    const claimedBy = await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        const mine: string[] = [];
        for (;;) {
          const claimed = await replicas[worker % 2]!.claimExpired();
          if (!claimed) return mine;
          mine.push(claimed.id);
        }
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(40);
    expect(new Set(all)).toEqual(ids);
  });

  it('finds the expired commands through the partial index, not by reading every command', async () => {
    const plan = await replicaA.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CLAIM_EXPIRED_SQL}`, [randomUUID(), 2000]);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('recovery_command_outbox');
    expect(plan).not.toMatch(/Seq Scan on recovery_command/);
  });
});
