// What an unreachable engine says about itself: the text ends up in timelines and audit evidence that every
// role reads, so it must not reveal where the engine lives.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unreachableEngineUrl } from '../testing/test-context.js';
import { EngineUnavailableError } from './errors.js';
import { EngineHttp } from './http.js';

describe('EngineHttp when the engine cannot be reached', () => {
  it('throws EngineUnavailableError whose message names the cause but not the address', async () => {
    const baseUrl = await unreachableEngineUrl();
    const http = new EngineHttp({ baseUrl, user: 'workbench', password: 'secret', timeoutMs: 2000 });
    const error = await http.get('/version', z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toBe('The engine is not reachable (ECONNREFUSED).');
    expect((error as Error).message).not.toContain(new URL(baseUrl).port);
    expect((error as Error).message).not.toContain('127.0.0.1');
  });
});
