import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadUsersFile } from './users-file.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO_FILE = path.join(REPO, 'config/users.json');
const GOOD_HASH = 'scrypt$16384$8$1$PAXaGNkEfGbi/sUobljEeg==$8fJXlKFgPsYpLt008rUCY2WAjaO7PpugA609zujDMJ0=';

function writeUsers(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fw-users-')), 'users.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const user = (over: Record<string, unknown> = {}) => ({ id: 'sam.support', name: 'Sam', team: 'fulfillment', roles: ['support'], passwordHash: GOOD_HASH, ...over });

describe('the demo users file', () => {
  it('holds one demo user per role, as the README names them', () => {
    const directory = loadUsersFile(DEMO_FILE);
    const users = directory.ids.map((id) => directory.find(id));
    expect(users).toEqual([
      { id: 'sam.support', name: 'Sam Support', team: 'fulfillment', roles: ['support'] },
      { id: 'olivia.ops', name: 'Olivia Ops', team: 'fulfillment', roles: ['support', 'fulfillment_ops'] },
      { id: 'omar.ops', name: 'Omar Ops', team: 'fulfillment', roles: ['support', 'fulfillment_ops'] },
      { id: 'theo.tech', name: 'Theo Tech', team: 'platform', roles: ['support', 'tech_ops'] },
      { id: 'sara.supervisor', name: 'Sara Supervisor', team: 'fulfillment', roles: ['support', 'supervisor'] },
      { id: 'sid.supervisor', name: 'Sid Supervisor', team: 'billing-ops', roles: ['support', 'supervisor'] },
      { id: 'paula.platform', name: 'Paula Platform', team: 'platform', roles: ['support', 'platform_owner'] },
      { id: 'aud.auditor', name: 'Aud Auditor', team: 'compliance', roles: ['auditor'] },
    ]);
  });

  it('lets every demo user sign in with the demo password, and nobody with another', async () => {
    const directory = loadUsersFile(DEMO_FILE);
    for (const id of directory.ids) expect((await directory.authenticate(id, 'fallout-demo'))?.id, id).toBe(id);
    expect(await directory.authenticate('SAM.Support ', 'fallout-demo')).toMatchObject({ id: 'sam.support' });
    expect(await directory.authenticate('sam.support', 'fallout-demo ')).toBeNull();
    expect(await directory.authenticate('nobody.here', 'fallout-demo')).toBeNull();
  });

  it('never stores a password in clear', () => {
    expect(readFileSync(DEMO_FILE, 'utf8')).not.toContain('fallout-demo');
  });
});

describe('a bad users file stops loading with the file and the field', () => {
  it.each([
    ['an unknown role', { users: [user(), user({ id: 'eve', roles: ['support', 'admin'] })] }, /^Invalid users file .*users\.json: users\[1\]\.roles\[1\]: /],
    ['a password in clear', { users: [user({ passwordHash: 'fallout-demo' })] }, /users\[0\]\.passwordHash: not a valid password hash/],
    ['a hash with an absurd cost', { users: [user({ passwordHash: GOOD_HASH.replace('16384', '1048577') })] }, /users\[0\]\.passwordHash: not a valid password hash: N must be a power of two/],
    ['the same id twice', { users: [user(), user({ name: 'Other' })] }, /users\[1\]\.id: duplicate user id sam\.support/],
    ['a misspelt field', { users: [{ ...user(), role: 'support' }] }, /users\[0\]: Unrecognized key: "role"/],
    ['no roles', { users: [user({ roles: [] })] }, /users\[0\]\.roles: a user needs at least one role/],
    ['an upper-case id', { users: [user({ id: 'Sam' })] }, /users\[0\]\.id: use 1-64 lower-case letters/],
    ['no users', { users: [] }, /users: the file lists no users/],
    ['broken JSON', '{"users": [', /: not JSON/],
  ])('%s', (_, content, message) => {
    const file = writeUsers(content);
    expect(() => loadUsersFile(file)).toThrow(message);
    expect(() => loadUsersFile(file)).toThrow(file);
  });

  it('names a missing file and the variable that points at it', () => {
    expect(() => loadUsersFile('/nonexistent/users.json')).toThrow('Cannot read the users file /nonexistent/users.json (set USERS_FILE)');
  });

  it('stops the BFF start with exit code 1 before it opens the database', async () => {
    const file = writeUsers({ users: [user({ roles: ['superuser'] })] });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-start-'));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        path.join(REPO, 'node_modules/.bin/tsx'),
        [path.join(REPO, 'src/server/main.ts')],
        { cwd: REPO, env: { ...process.env, USERS_FILE: file, PGLITE_DIR: path.join(dataDir, 'pglite'), WORKBENCH_PORT: '0', DATABASE_URL: '' }, timeout: 20_000 },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Invalid users file ${file}: users[0].roles[0]:`);
    expect(readdirSync(dataDir)).toEqual([]);
  }, 30_000);
});
