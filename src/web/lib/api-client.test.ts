import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../contracts/endpoints.js';
import { buildCaseList } from '../testing/fixtures.js';
import { respondError } from '../testing/handlers.js';
import { server } from '../testing/server.js';
import { apiFetch, apiRequest, isRequestError, onAuthFailure, setCsrfToken } from './api-client.js';

afterEach(() => setCsrfToken(null));

describe('api client', () => {
  it('returns parsed data, sends same-origin credentials and the query', async () => {
    let seen: Request | undefined;
    const list = buildCaseList();
    server.use(
      http.get('/api/cases', ({ request }) => {
        seen = request;
        return HttpResponse.json(list);
      }),
    );
    const result = await apiRequest(endpoints.listCases, { query: { status: 'all', offset: undefined } });
    expect(result).toEqual({ ok: true, data: list, status: 200 });
    expect(seen?.credentials).toBe('same-origin');
    expect(new URL(seen!.url).search).toBe('?status=all');
  });

  it('turns an ApiError body into a typed failure', async () => {
    server.use(http.get('/api/cases/:caseId', () => respondError(404, 'NOT_FOUND', 'No case FO-1.')));
    const result = await apiRequest(endpoints.caseDetail, { params: { caseId: 'FO-1' } });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No case FO-1.', status: 404, details: undefined } });
  });

  it('names a non-contract error body by its status', async () => {
    server.use(http.get('/api/session', () => new HttpResponse('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const result = await apiRequest(endpoints.session);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('rejects an answer that breaks the contract', async () => {
    server.use(http.get('/api/health', () => HttpResponse.json({ engine: { reachable: 'yes' } })));
    const result = await apiRequest(endpoints.health);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_RESPONSE');
      expect(result.error.message).toContain('engine.reachable');
    }
  });

  it('reports a network failure as NETWORK', async () => {
    server.use(http.get('/api/session', () => HttpResponse.error()));
    const result = await apiRequest(endpoints.session);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('validates a request body against the contract before sending', async () => {
    const result = await apiRequest(endpoints.retryStep, { params: { caseId: 'FO-1' }, body: { comment: 'x'.repeat(2001) } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_REQUEST');
  });

  it('apiFetch throws a RequestError carrying the failure', async () => {
    server.use(http.get('/api/session', () => respondError(403, 'FORBIDDEN', 'No role.')));
    const error = await apiFetch(endpoints.session).catch((e: unknown) => e);
    expect(isRequestError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403, message: 'No role.' });
  });

  it('sends the session CSRF token on a POST, and not on a GET', async () => {
    const seen: Array<{ method: string; csrf: string | null }> = [];
    server.use(
      http.post('/api/freezes/:freezeId/end', ({ request }) => {
        seen.push({ method: request.method, csrf: request.headers.get('x-csrf-token') });
        return HttpResponse.json({ message: 'not a freeze' }, { status: 418 });
      }),
      http.get('/api/freezes', ({ request }) => {
        seen.push({ method: request.method, csrf: request.headers.get('x-csrf-token') });
        return HttpResponse.json({ items: [] });
      }),
    );
    setCsrfToken('token-from-session');
    await apiRequest(endpoints.endFreeze, { params: { freezeId: 'frz-1' }, body: { reason: 'storm over' } });
    await apiRequest(endpoints.listFreezes);
    expect(seen).toEqual([
      { method: 'POST', csrf: 'token-from-session' },
      { method: 'GET', csrf: null },
    ]);
  });

  it('tells the auth listeners about a 401, unless the caller handles it itself', async () => {
    server.use(http.post('/api/auth/login', () => respondError(401, 'INVALID_CREDENTIALS', 'Wrong password.')));
    server.use(http.get('/api/cases', () => respondError(401, 'NOT_AUTHENTICATED', 'Sign in.')));
    const listener = vi.fn();
    const unsubscribe = onAuthFailure(listener);
    await apiRequest(endpoints.login, { body: { username: 'a', password: 'b' }, ignoreAuthFailure: true });
    expect(listener).not.toHaveBeenCalled();
    await apiRequest(endpoints.listCases);
    expect(listener).toHaveBeenCalledWith({ code: 'NOT_AUTHENTICATED', message: 'Sign in.', status: 401, details: undefined });
    unsubscribe();
  });
});
