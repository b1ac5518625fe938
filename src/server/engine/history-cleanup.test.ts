// History cleanup failures cannot be produced on demand against the reference engine (cleanup runs in its
// batch window and fails only on database trouble), so the adapter is tested with the engine's answer as
// Camunda 7.24 documents it for `GET /history/cleanup/jobs`, parsed by the same schema the sync uses.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineAdapter } from './adapter.js';
import { EngineHttp } from './http.js';

let server: Server;
let answer: { status: number; body: unknown } = { status: 200, body: [] };
let adapter: EngineAdapter;

beforeAll(async () => {
  server = createServer((req, res) => {
    const known = req.url === '/engine-rest/history/cleanup/jobs';
    res.writeHead(known ? answer.status : 404, { 'content-type': 'application/json' }).end(JSON.stringify(known ? answer.body : { type: 'NotFound' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  adapter = new EngineAdapter(new EngineHttp({ baseUrl: `http://127.0.0.1:${port}/engine-rest`, user: 'u', password: 'p', timeoutMs: 2_000 }));
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('history cleanup jobs', () => {
  it('reads a failed cleanup job as the engine reports it', async () => {
    answer = {
      status: 200,
      body: [
        {
          id: '7d9e3c5f-0001', jobDefinitionId: null, processInstanceId: null, executionId: null, processDefinitionId: null, processDefinitionKey: null,
          retries: 1, exceptionMessage: 'ENGINE-03083 Exception while executing Batch Database Operations', failedActivityId: null,
          dueDate: '2026-12-03T19:00:00.000+0000', suspended: false, priority: 0, tenantId: null, createTime: '2026-12-02T19:00:00.000+0000', batchId: null,
        },
      ],
    };
    expect(await adapter.historyCleanupJobs()).toEqual([
      { id: '7d9e3c5f-0001', retries: 1, exceptionMessage: 'ENGINE-03083 Exception while executing Batch Database Operations', dueDate: '2026-12-03T19:00:00.000Z' },
    ]);
  });

  it('no cleanup job scheduled (404 "History clean up jobs are empty") is an empty list; a malformed answer is an error', async () => {
    answer = { status: 404, body: { type: 'InvalidRequestException', message: 'History clean up jobs are empty' } };
    expect(await adapter.historyCleanupJobs()).toEqual([]);
    answer = { status: 200, body: [{ id: 'x', retries: 'three' }] };
    await expect(adapter.historyCleanupJobs()).rejects.toThrow();
  });
});
