// Saved views through HTTP as two operators and a support user would use them: save, list, rename, share,
// open by link, add to one's list, delete; refusals with their codes and nothing changed. In-memory PGlite;
// the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { savedViewListSchema, savedViewSchema, type SavedView } from '../../contracts/saved-views.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let olivia: TestLogin;
let omar: TestLogin;
let sam: TestLogin;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  olivia = await loginAs(bff.app, 'olivia.ops');
  omar = await loginAs(bff.app, 'omar.ops');
  sam = await loginAs(bff.app, 'sam.support');
}, 60_000);
afterAll(() => bff?.close());

function send(login: TestLogin, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  return bff.app.inject({
    method,
    url,
    headers: { ...login.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

async function list(login: TestLogin) {
  const response = await send(login, 'GET', '/api/saved-views');
  expect(response.statusCode, response.body).toBe(200);
  return z.parse(savedViewListSchema, response.json());
}

async function create(login: TestLogin, body: unknown): Promise<SavedView> {
  const response = await send(login, 'POST', '/api/saved-views', body);
  expect(response.statusCode, response.body).toBe(201);
  return z.parse(savedViewSchema, response.json());
}

describe('saved views', () => {
  it('saves the queue query under a name, lists it for its owner only, and keeps the query as the queue reads it', async () => {
    const view = await create(olivia, { name: 'Unknown outcomes, oldest first', query: 'view=team&category=UNKNOWN_OUTCOME&q=&sort=age&order=asc' });
    expect(view).toMatchObject({
      name: 'Unknown outcomes, oldest first',
      // The empty `q` is dropped; everything else stays as sent.
      query: 'view=team&category=UNKNOWN_OUTCOME&sort=age&order=asc',
      shared: false,
      owner: { id: 'olivia.ops', name: 'Olivia Ops' },
      mine: true,
      added: false,
      createdAt: '2026-03-10T12:00:00.000Z',
    });
    expect(view.id).toMatch(/^sv_[A-Za-z0-9_-]{16}$/);

    const mine = await list(olivia);
    expect(mine.items.map((v) => v.name)).toEqual(['Unknown outcomes, oldest first']);
    expect(mine.remaining).toBe(49);
    expect((await list(omar)).items).toEqual([]);
  });

  it('an unshared view is not found by anyone else, by link or by changing it', async () => {
    const view = await create(olivia, { name: 'Private', query: 'view=mine' });
    for (const [method, url, body] of [
      ['GET', `/api/saved-views/${view.id}`, undefined],
      ['PATCH', `/api/saved-views/${view.id}`, { name: 'Mine now' }],
      ['DELETE', `/api/saved-views/${view.id}`, undefined],
      ['PUT', `/api/saved-views/${view.id}/added`, undefined],
    ] as const) {
      const response = await send(omar, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ code: 'SAVED_VIEW_NOT_FOUND' });
    }
    expect((await send(olivia, 'GET', `/api/saved-views/${view.id}`)).json()).toMatchObject({ name: 'Private', shared: false });
  });

  it('renames and shares; the link then opens for another user, who may add it to their list', async () => {
    const view = await create(olivia, { name: 'Billing stuck', query: 'view=stuck&team=billing-ops' });
    const renamed = await send(olivia, 'PATCH', `/api/saved-views/${view.id}`, { name: 'Billing, stuck orders', shared: true });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Billing, stuck orders', shared: true, query: 'view=stuck&team=billing-ops' });

    // Support may see the queue, so a shared link opens for them too.
    for (const login of [omar, sam]) {
      const opened = await send(login, 'GET', `/api/saved-views/${view.id}`);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json()).toMatchObject({ name: 'Billing, stuck orders', query: 'view=stuck&team=billing-ops', mine: false, added: false, owner: { name: 'Olivia Ops' } });
    }
    // Opening a link adds nothing by itself.
    expect((await list(omar)).items).toEqual([]);

    const added = await send(omar, 'PUT', `/api/saved-views/${view.id}/added`);
    expect(added.json()).toMatchObject({ mine: false, added: true });
    expect((await list(omar)).items.map((v) => [v.name, v.mine, v.added])).toEqual([['Billing, stuck orders', false, true]]);
    // His added views do not count against his own 50.
    expect((await list(omar)).remaining).toBe(50);

    // When Olivia stops sharing, it leaves Omar's list and its link stops opening.
    await send(olivia, 'PATCH', `/api/saved-views/${view.id}`, { shared: false });
    expect((await list(omar)).items).toEqual([]);
    expect((await send(omar, 'GET', `/api/saved-views/${view.id}`)).statusCode).toBe(404);
    // Shared again: back on his list (he never removed it); removing it takes it off, the view stays Olivia's.
    await send(olivia, 'PATCH', `/api/saved-views/${view.id}`, { shared: true });
    expect((await list(omar)).items.map((v) => v.name)).toEqual(['Billing, stuck orders']);
    expect((await send(omar, 'DELETE', `/api/saved-views/${view.id}/added`)).statusCode).toBe(200);
    expect((await list(omar)).items).toEqual([]);
    expect((await list(olivia)).items.map((v) => v.name)).toContain('Billing, stuck orders');
  });

  it('refuses rename, share and delete by anyone but the owner with 403 NOT_VIEW_OWNER, and changes nothing', async () => {
    const view = await create(olivia, { name: 'Shared transient', query: 'category=TECHNICAL_TRANSIENT', shared: true });
    for (const [method, body] of [
      ['DELETE', undefined],
      ['PATCH', { name: 'Hijacked' }],
      ['PATCH', { shared: false }],
    ] as const) {
      const response = await send(omar, method, `/api/saved-views/${view.id}`, body);
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({ code: 'NOT_VIEW_OWNER', message: 'Only Olivia Ops, who saved this view, may change or delete it.' });
    }
    const after = (await send(olivia, 'GET', `/api/saved-views/${view.id}`)).json();
    expect(after).toMatchObject({ name: 'Shared transient', shared: true, updatedAt: view.updatedAt });
  });

  it('refuses a query the queue would refuse (400 with a code) and saves nothing', async () => {
    const before = await list(olivia);
    const cases: [query: string, code: string, queueCode?: string][] = [
      ['category=NOT_A_CATEGORY', 'INVALID_VIEW_QUERY', 'INVALID_CATEGORY'],
      ['view=everything', 'INVALID_VIEW_QUERY', 'INVALID_VIEW'],
      ['minAgeMinutes=-5', 'INVALID_VIEW_QUERY', 'INVALID_QUERY'],
      // Not a parameter of the queue at all, paging, or a filter given twice: refused by the contract.
      ['cursor=abc', 'INVALID_BODY'],
      ['foo=bar', 'INVALID_BODY'],
      ['team=a&team=b', 'INVALID_BODY'],
    ];
    for (const [query, code, queueCode] of cases) {
      const response = await send(olivia, 'POST', '/api/saved-views', { name: `Bad ${query}`, query });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code, ...(queueCode ? { details: { queueCode } } : {}) });
    }
    expect(await list(olivia)).toEqual(before);
  });

  it('refuses a name that is empty, too long or already taken', async () => {
    for (const name of ['', '   ', 'x'.repeat(61)]) {
      const response = await send(olivia, 'POST', '/api/saved-views', { name, query: 'view=all' });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_BODY' });
    }
    // Names compare without case.
    const taken = await send(olivia, 'POST', '/api/saved-views', { name: 'PRIVATE', query: 'view=all' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'SAVED_VIEW_NAME_TAKEN' });
    const other = await create(olivia, { name: 'Renamable', query: 'view=all' });
    const renamed = await send(olivia, 'PATCH', `/api/saved-views/${other.id}`, { name: 'private' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json()).toMatchObject({ code: 'SAVED_VIEW_NAME_TAKEN' });
    const empty = await send(olivia, 'PATCH', `/api/saved-views/${other.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('deletes for the owner: gone from the list and the link', async () => {
    const view = await create(olivia, { name: 'Short-lived', query: 'severity=HIGH', shared: true });
    await send(omar, 'PUT', `/api/saved-views/${view.id}/added`);
    const deleted = await send(olivia, 'DELETE', `/api/saved-views/${view.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await list(olivia)).items.map((v) => v.name)).not.toContain('Short-lived');
    expect((await list(omar)).items).toEqual([]);
    const opened = await send(omar, 'GET', `/api/saved-views/${view.id}`);
    expect(opened.statusCode).toBe(404);
    expect(opened.json()).toMatchObject({ code: 'SAVED_VIEW_NOT_FOUND' });
  });

  it('keeps at most 50 views per user (409 SAVED_VIEW_LIMIT), then saves again once one is deleted', async () => {
    const owned = (await list(sam)).items.length;
    const made: SavedView[] = [];
    for (let i = owned; i < 50; i++) made.push(await create(sam, { name: `View ${i}`, query: `q=order-${i}` }));
    expect((await list(sam)).remaining).toBe(0);
    const refused = await send(sam, 'POST', '/api/saved-views', { name: 'One too many', query: 'view=all' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'SAVED_VIEW_LIMIT' });
    expect((await list(sam)).items).toHaveLength(50);
    await send(sam, 'DELETE', `/api/saved-views/${made[0]!.id}`);
    await create(sam, { name: 'One too many', query: 'view=all' });
  });

  it('needs the CSRF token to save', async () => {
    const response = await bff.app.inject({
      method: 'POST',
      url: '/api/saved-views',
      headers: { cookie: olivia.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'No token', query: 'view=all' }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
    expect((await list(olivia)).items.map((v) => v.name)).not.toContain('No token');
  });
});
