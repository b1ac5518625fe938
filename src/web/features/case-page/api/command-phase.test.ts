import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseStatus, CommandProgress } from '../../../../contracts/cases.js';
import { buildCaseDetail } from '../../../testing/fixtures.js';
import { commandPhaseOf, RECENT_OUTCOME_MS } from './command-phase.js';

const NOW = Date.parse('2026-01-05T03:00:00Z');
const command = (over: Partial<CommandProgress>): CommandProgress => ({
  id: 'cmd-1', action: 'RETRY_STEP', state: 'DONE', requestedBy: 'olivia.ops', requestedAt: '2026-01-05T02:59:50Z',
  finishedAt: '2026-01-05T02:59:52Z', failure: null, ...over,
});
const detail = (status: CaseStatus, progress: CommandProgress | null, incidents: Partial<CaseDetail['incidents'][number]>[] = []) => {
  const base = buildCaseDetail({ case: { status } });
  return { ...base, commandProgress: progress, incidents: incidents.map((i) => ({ ...base.incidents[0]!, ...i })) };
};

describe('commandPhaseOf', () => {
  it('follows a retry from running through verifying to resolved', () => {
    expect(commandPhaseOf(detail('IN_PROGRESS', command({ state: 'RUNNING', finishedAt: null })), false, NOW)).toBe('RUNNING');
    expect(commandPhaseOf(detail('IN_PROGRESS', command({ state: 'PENDING', finishedAt: null })), false, NOW)).toBe('PENDING');
    expect(commandPhaseOf(detail('IN_PROGRESS', command({})), false, NOW)).toBe('VERIFYING');
    expect(commandPhaseOf(detail('RESOLVED', command({})), true, NOW)).toBe('RESOLVED');
  });

  it('tells a resolution only to the page that watched it: an old retry of a resolved case is history', () => {
    expect(commandPhaseOf(detail('RESOLVED', command({})), false, NOW)).toBeNull();
  });

  it('tells a failure, and a step that failed again after the command, while recent or watched', () => {
    const failed = command({ state: 'FAILED', failure: 'job not found' });
    expect(commandPhaseOf(detail('OPEN', failed), false, NOW)).toBe('FAILED');
    expect(commandPhaseOf(detail('OPEN', failed), false, NOW + RECENT_OUTCOME_MS)).toBeNull();
    expect(commandPhaseOf(detail('OPEN', failed), true, NOW + RECENT_OUTCOME_MS)).toBe('FAILED');

    const again = detail('OPEN', command({}), [{ isRootCause: true, open: true, createdAt: '2026-01-05T02:59:58Z' }]);
    expect(commandPhaseOf(again, false, NOW)).toBe('FAILED_AGAIN');
    // The incident the retry acted on is older than the retry: not a new failure.
    const before = detail('IN_PROGRESS', command({}), [{ isRootCause: true, open: true, createdAt: '2026-01-05T02:50:00Z' }]);
    expect(commandPhaseOf(before, false, NOW)).toBe('VERIFYING');
  });

  it('shows nothing without a workflow command, or once the case moved on otherwise', () => {
    expect(commandPhaseOf(detail('OPEN', null), true, NOW)).toBeNull();
    expect(commandPhaseOf(detail('ESCALATED', command({})), true, NOW)).toBeNull();
  });
});
