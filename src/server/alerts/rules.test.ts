// The two rules that read release reports and lock expiries, as pure functions: thresholds from the shipped
// catalog, rows written here, expected candidates worked out by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertSettings } from '../catalog/catalog.js';
import { referenceCatalog } from '../catalog/testing.js';
import type { RunningAtRow, VersionReportRow, WorkerFactRow } from '../store/alert-reads.js';
import { deploymentMismatchCandidates, durationWords, lockBaselineOf, lockExpirationCandidates, mismatchReason } from './rules.js';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
let s: AlertSettings;
beforeAll(async () => {
  s = (await referenceCatalog()).alerts!;
});

describe('lock expiration spike', () => {
  it('compares each topic with its own baseline, else the default, and fires only above it', () => {
    expect(lockBaselineOf(s, 'reserve-inventory')).toBe(1);
    expect(lockBaselineOf(s, 'check-availability')).toBe(3);
    const rows = [
      { topic: 'reserve-inventory', n: 2, tasks: 1, last_at: ago(1) },
      { topic: 'check-availability', n: 3, tasks: 3, last_at: ago(1) },
      { topic: 'send-notification', n: 4, tasks: 4, last_at: ago(2) },
    ];
    const found = lockExpirationCandidates(s, rows, (topic) => (topic === 'reserve-inventory' ? { processKey: 'order-orchestration', versions: [3], activityId: 'reserveInventory', activityName: null } : null));
    // reserve-inventory: 2 > 1; check-availability: 3, not above 3; send-notification: 4 > 3.
    expect(found.map((c) => [c.scope, c.observed, c.threshold, c.affected, c.processKey, c.activityId, c.versions])).toEqual([
      ['reserve-inventory', 2, 1, 1, 'order-orchestration', 'reserveInventory', [3]],
      ['send-notification', 4, 3, 4, null, null, []],
    ]);
    expect(found[0]).toMatchObject({ rule: 'LOCK_EXPIRATION_SPIKE', severity: 'HIGH', category: 'UNKNOWN_OUTCOME', runbookId: 'external-task-worker-down', cases: { kind: 'NONE' } });
  });

  it('says the window in words', () => {
    expect(durationWords(900_000)).toBe('15 min');
    expect(durationWords(7_200_000)).toBe('2 h');
    expect(durationWords(20_000)).toBe('20 s');
  });
});

describe('deployment mismatch', () => {
  const worker = (topic: string, waiting: number, waitingSince: number | null, seen: number | null): WorkerFactRow => ({
    topic, waiting, oldest_waiting_since: waitingSince === null ? null : ago(waitingSince), worker_seen_at: seen === null ? null : ago(seen),
  });

  it('names a topic without a contract, or whose work waits longer than allowed with no worker seen since', () => {
    // workerSeenWithin is 15 min in the shipped catalog.
    expect(mismatchReason(s, NOW, false, undefined)).toBe('NO_CONTRACT');
    expect(mismatchReason(s, NOW, false, worker('t', 0, null, 1))).toBe('NO_CONTRACT');
    expect(mismatchReason(s, NOW, true, undefined)).toBeNull();
    // Nothing waits: a quiet topic is not judged on its worker.
    expect(mismatchReason(s, NOW, true, worker('t', 0, null, null))).toBeNull();
    // Waiting 10 min only.
    expect(mismatchReason(s, NOW, true, worker('t', 3, 10, null))).toBeNull();
    // Waiting 20 min, never seen / seen 16 min ago / seen 14 min ago.
    expect(mismatchReason(s, NOW, true, worker('t', 3, 20, null))).toBe('NO_ACTIVE_WORKER');
    expect(mismatchReason(s, NOW, true, worker('t', 3, 20, 16))).toBe('NO_ACTIVE_WORKER');
    expect(mismatchReason(s, NOW, true, worker('t', 3, 20, 14))).toBeNull();
  });

  it('judges the newest version and versions still running, one candidate per version with its orders', () => {
    const report = (key: string, version: number, topics: [string, string[]][]): VersionReportRow => ({
      definition_key: key, definition_name: null, version, deployed_at: ago(60 * version),
      topics: topics.map(([topic, activityIds]) => ({ topic, activityIds })), steps: [{ activityId: 'screen', name: 'Screen change' }, { activityId: 'notify', name: null }],
    });
    const reports = [
      report('change', 1, [['old-topic', ['screen']]]), // running, no contract: fires
      report('change', 2, [['known', ['a']]]), // neither newest nor running: skipped (its topic is fine anyway)
      report('change', 3, [['new-topic', ['screen']], ['other-new', ['notify']], ['known', ['a']]]), // newest, two unknown topics
      report('quiet', 7, [['known', ['x']]]), // newest, contract, nothing waits: no alert
    ];
    const running: RunningAtRow[] = [
      { definition_key: 'change', definition_version: 1, activity_id: null, count: 2 },
      { definition_key: 'change', definition_version: 1, activity_id: 'screen', count: 2 },
      { definition_key: 'change', definition_version: 3, activity_id: null, count: 5 },
      { definition_key: 'change', definition_version: 3, activity_id: 'screen', count: 1 },
      { definition_key: 'change', definition_version: 3, activity_id: 'notify', count: 3 },
      { definition_key: 'change', definition_version: 3, activity_id: 'a', count: 1 },
    ];
    const found = deploymentMismatchCandidates(s, NOW, reports, running, [worker('known', 0, null, null)], (topic) => topic === 'known');
    expect(found.map((c) => [c.scope, c.observed, c.affected, c.activityId, c.activityName, c.versions, c.technical.topics])).toEqual([
      ['change/v1', 1, 2, 'screen', 'Screen change', [1], 'old-topic: no worker contract (screen)'],
      ['change/v3', 2, 5, 'notify', null, [3], 'new-topic: no worker contract (screen); other-new: no worker contract (notify)'],
    ]);
    expect(found.map((c) => c.facts)).toEqual([
      { kind: 'mismatch', newest: false, running: 2, atSteps: 2, stepNames: ['Screen change'], deployedAt: ago(60) },
      { kind: 'mismatch', newest: true, running: 5, atSteps: 4, stepNames: ['notify', 'Screen change'], deployedAt: ago(180) },
    ]);
    expect(found[0]).toMatchObject({ rule: 'DEPLOYMENT_MISMATCH', severity: 'HIGH', threshold: 1, runbookId: 'incident-spike-after-deployment', cases: { kind: 'VERSION' } });
  });
});
