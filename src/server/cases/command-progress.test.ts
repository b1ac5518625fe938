import { describe, expect, it } from 'vitest';
import type { CommandRow } from '../store/commands-repo.js';
import { commandProgressOf } from './command-progress.js';

const row = (over: Partial<CommandRow>): CommandRow => ({
  id: 'cmd-1', idempotency_key: 'k', actor: 'olivia.ops', case_id: 'FO-2026-000001', action: 'RETRY_STEP', request_hash: 'h', state: 'RUNNING',
  attempts: 0, response_status: null, response_body: null, request_body: '{}', approval_id: null, incident_id: null, lease_until: null, lease_owner: null,
  created_at: new Date('2026-01-05T02:00:00Z'), updated_at: new Date('2026-01-05T02:00:03Z'), ...over,
});

describe('commandProgressOf', () => {
  it('has no finish time while the command runs or waits in the outbox', () => {
    expect(commandProgressOf(row({ state: 'PENDING' }))).toEqual({
      id: 'cmd-1', action: 'RETRY_STEP', state: 'PENDING', requestedBy: 'olivia.ops', requestedAt: '2026-01-05T02:00:00.000Z', finishedAt: null, failure: null,
    });
  });

  it('says when it was carried out, and why it failed', () => {
    expect(commandProgressOf(row({ state: 'DONE' }))).toMatchObject({ state: 'DONE', finishedAt: '2026-01-05T02:00:03.000Z', failure: null });
    expect(commandProgressOf(row({ state: 'FAILED', response_body: JSON.stringify({ code: 'RECOVERY_FAILED', message: 'job not found' }) }))).toMatchObject({
      state: 'FAILED',
      failure: 'job not found',
    });
    expect(commandProgressOf(row({ state: 'FAILED', response_body: null }))?.failure).toBe('The command did not go through.');
  });

  it('is null without a command', () => {
    expect(commandProgressOf(null)).toBeNull();
  });
});
