// Hostile input on every route the BFF declares: reads here, writes in input-fuzz-writes.test.ts (two files, so
// two workers share the work). The values and the checks are in testing/input-fuzz-harness.ts.
import { describe, expect, it } from 'vitest';
import { apiRoutesOf } from '../http/input-guard.js';
import { fuzzBff, fuzzFailures } from '../testing/input-fuzz-harness.js';

const { bff, login: signedIn } = fuzzBff();

describe('hostile input on every route', () => {
  it('covers the routes the app declares', () => {
    const routes = apiRoutesOf(bff().app).map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThanOrEqual(23);
    expect(routes).toContain('GET /api/queue');
    expect(routes).toContain('POST /api/cases/:caseId/actions/:action');
  });

  it('never answers 5xx on a read, and refuses control characters with 400 before any handler', async () => {
    expect(await fuzzFailures((route) => route.method === 'GET')).toEqual([]);
  }, 300_000);

  it('names the parameter it refused, and changes nothing', async () => {
    const login = signedIn('olivia.ops');
    const before = await bff().ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
    const search = await bff().app.inject({ method: 'GET', url: '/api/search?q=ORD%00-1', headers: login.headers });
    expect(search.statusCode).toBe(400);
    expect(search.json()).toEqual({ code: 'INVALID_QUERY', message: '"q" contains a control character (such as NUL); remove it and try again.' });
    const annotate = await bff().app.inject({
      method: 'POST',
      url: '/api/cases/FO-2026-000001/actions/annotate',
      headers: { ...login.headers, 'idempotency-key': 'fuzz-nul-note', 'if-match': '"1"' },
      payload: { note: 'checked\u0000' },
    });
    expect(annotate.statusCode).toBe(400);
    expect(annotate.json()).toMatchObject({ code: 'INVALID_BODY' });
    const after = await bff().ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('keeps line breaks in a note: a multi-line note is not hostile', async () => {
    const login = signedIn('olivia.ops');
    const response = await bff().app.inject({
      method: 'POST',
      url: '/api/cases/FO-2026-000001/actions/annotate',
      headers: { ...login.headers, 'idempotency-key': 'fuzz-multiline', 'if-match': '"1"' },
      payload: { note: 'line one\nline two\ttabbed' },
    });
    // The case does not exist in this empty database: the note got past the gate to the handler.
    expect(response.statusCode).toBe(404);
  });
});
