// What the BFF serves besides the API: the SPA shell for client routes, the built assets, and nothing that
// leaks (source maps) or misleads (HTML under a script's name). API answers are never cached.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'fw-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Fallout Workbench</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js.map'), '{"version":3,"sources":["src/server/secret.ts"]}');
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), webDist: dist });
}, 60_000);
afterAll(async () => {
  await bff?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => bff.app.inject({ method: 'GET', url, headers });

describe('static files', () => {
  it('serves the SPA shell for client routes', async () => {
    const response = await get('/cases/FO-2026-000001');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves built scripts', async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
  });

  it('never serves source maps, signed in or not', async () => {
    expect((await get('/assets/index-abc123.js.map')).statusCode).toBe(404);
    const login = await loginAs(bff.app, 'theo.tech');
    const signedIn = await get('/assets/index-abc123.js.map', login.headers);
    expect(signedIn.statusCode).toBe(404);
    expect(signedIn.body).not.toContain('secret.ts');
  });

  it('answers a missing script with 404, not with the HTML shell', async () => {
    const response = await get('/assets/index-gone999.js');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).not.toMatch(/html/);
    expect((await get('/favicon.ico')).statusCode).toBe(404);
  });

  it('marks every API answer as not to be stored, also refusals', async () => {
    expect((await get('/api/session')).headers['cache-control']).toBe('no-store');
    const login = await loginAs(bff.app, 'sam.support');
    const queue = await get('/api/queue', login.headers);
    expect(queue.statusCode).toBe(200);
    expect(queue.headers['cache-control']).toBe('no-store');
  });
});
