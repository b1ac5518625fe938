// Production's database set-up, for real: the migration step runs as the owner and creates the restricted
// role; the BFF (the real main.ts, as a child process) runs as that role against the real engine, syncs
// cases and records an action's evidence. A BFF pointed at a database whose migrations did not run refuses
// to start and says which step is missing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, startManaged, waitFor, type ManagedProcess } from '../../../scripts/lib/managed-process.js';
import { CSRF_HEADER } from '../../contracts/session.js';
import { createTestDatabase } from '../testing/test-context.js';
import { runMigrateStep } from './migrate-step.js';

const engineUrl = inject('engineUrl');
const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

let database: { url: string; drop: () => Promise<void> };
let unmigrated: { url: string; drop: () => Promise<void> };
let dataDir: string;
const bffs: ManagedProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  unmigrated = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'fw-app-role-'));
}, 60_000);
afterAll(async () => {
  for (const bff of bffs) await bff.stop();
  await database?.drop();
  await unmigrated?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function startBff(name: string, databaseUrl: string, port: number): ManagedProcess {
  const bff = startManaged(name, TSX, [path.join(REPO, 'src/server/main.ts')], {
    cwd: REPO,
    env: {
      DATABASE_URL: databaseUrl, CAMUNDA_URL: engineUrl, CAMUNDA_USER: 'workbench', CAMUNDA_PASSWORD: 'workbench-secret',
      WORKBENCH_PORT: String(port), SYNC_INTERVAL_MS: '500', PGLITE_DIR: path.join(dataDir, name, 'pglite'), WEB_DIST: path.join(dataDir, 'no-web'),
    },
    logFile: path.join(dataDir, `${name}.log`),
  });
  bffs.push(bff);
  return bff;
}

describe('the BFF as the restricted database role', () => {
  it('syncs cases and records actions without any right to create tables or edit evidence', async () => {
    const { applied, appDatabaseUrl } = await runMigrateStep({ databaseUrl: database.url, appRole: { name: 'workbench_app_it', password: 'app-role-it-secret' } });
    expect(applied.length).toBeGreaterThan(0);
    expect(new URL(appDatabaseUrl!).username).toBe('workbench_app_it');

    const port = await freePort();
    startBff('app-role', appDatabaseUrl!, port);
    const base = `http://127.0.0.1:${port}`;
    const login = await waitFor('the BFF to sign in', async () => {
      const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'olivia.ops', password: 'fallout-demo' }) }).catch(() => null);
      return response?.ok ? response : null;
    }, 60_000);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    // The sync writes cases as this role: the seeded demo incidents arrive in the queue.
    const queue = await waitFor('the sync to open cases', async () => {
      const body = (await (await fetch(`${base}/api/queue?status=open&limit=100`, { headers: { cookie } })).json()) as { items: { id: string; version: number }[] };
      return body.items.length > 0 ? body : null;
    }, 60_000);

    // An action appends audit evidence as this role.
    const target = queue.items[0]!;
    const annotate = await fetch(`${base}/api/cases/${target.id}/actions/annotate`, {
      method: 'POST',
      headers: { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json', 'idempotency-key': 'app-role-note', 'if-match': `"${target.version}"` },
      body: JSON.stringify({ note: 'checked with the warehouse' }),
    });
    expect(annotate.status, await annotate.clone().text()).toBe(200);
  }, 120_000);

  it('refuses to start on a database whose migrations did not run, naming the step', async () => {
    const bff = startBff('unmigrated', unmigrated.url, await freePort());
    expect(await bff.exited).toBe(1);
    expect(readFileSync(path.join(dataDir, 'unmigrated.log'), 'utf8')).toMatch(/lacks migrations 001_cases\.sql.*npm run db:migrate/);
  }, 60_000);
});
