// While PostgreSQL is away every API answer is a clear 503 DATABASE_UNAVAILABLE the SPA can show and retry,
// never a 500 "something went wrong": the read model, the sessions and the audit log all live there. Once it
// is back the same requests answer again without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { createTestDatabase, POSTGRES_ADMIN_URL, startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

describe('with PostgreSQL down', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let bff: TestBff;
  let olivia: TestLogin;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await TcpProxy.start({ port: Number(new URL(POSTGRES_ADMIN_URL).port || 5432) });
    bff = await startTestBff({
      engineUrl: await unreachableEngineUrl(),
      databaseUrl: proxy.url(database.url),
      pool: { max: 3, connectionTimeoutMillis: 1000, queryTimeoutMillis: 1000 },
      engineTimeoutMs: 200,
    });
    olivia = await loginAs(bff.app, 'olivia.ops');
  }, 60_000);
  afterAll(async () => {
    await bff?.close().catch(() => undefined);
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE to reads, commands and sign-ins, and answers again once it is back', async () => {
    expect((await bff.app.inject({ url: '/api/health', headers: olivia.headers })).statusCode).toBe(200);
    proxy.cut('reset');
    const requests = [
      { method: 'GET' as const, url: '/api/health', headers: olivia.headers },
      { method: 'GET' as const, url: '/api/queue', headers: olivia.headers },
      { method: 'GET' as const, url: '/api/session', headers: olivia.headers },
      { method: 'POST' as const, url: '/api/auth/login', payload: { username: 'omar.ops', password: 'fallout-demo' } },
    ];
    for (const request of requests) {
      const response = await bff.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(503);
      expect(response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database/i) });
      expect(response.headers['retry-after']).toBe('5');
    }
    proxy.restore();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await bff.app.inject({ url: '/api/health', headers: olivia.headers })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await bff.app.inject({ url: '/api/queue', headers: olivia.headers })).statusCode).toBe(200);
  }, 60_000);
});
