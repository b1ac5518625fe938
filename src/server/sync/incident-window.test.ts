import { describe, expect, it } from 'vitest';
import type { EngineIncident } from '../engine/schemas.js';
import { afterPage, groupByRoot, readFrom } from './incident-window.js';

describe('readFrom', () => {
  it('reads everything when nothing was read yet', () => {
    expect(readFrom({ cursor: null, newestSeen: null }, 30_000)).toBeNull();
  });

  it('starts a new scan the overlap before the newest incident seen', () => {
    expect(readFrom({ cursor: null, newestSeen: '2026-03-01T10:00:30.000Z' }, 30_000)).toBe('2026-03-01T10:00:00.000Z');
  });

  it('continues a scan in progress 1 ms before its cursor, so incidents sharing that millisecond are not skipped', () => {
    expect(readFrom({ cursor: '2026-03-01T10:00:05.200Z', newestSeen: '2026-03-01T09:00:00.000Z' }, 30_000)).toBe('2026-03-01T10:00:05.199Z');
  });
});

describe('afterPage', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();

  it('ends the scan on a short page and remembers the newest timestamp', () => {
    expect(afterPage({ cursor: t(1), newestSeen: t(0) }, [t(2), t(3)], 500)).toEqual({ cursor: null, newestSeen: t(3), done: true });
  });

  it('keeps the newest seen when an empty page ends the scan', () => {
    expect(afterPage({ cursor: null, newestSeen: t(9) }, [], 500)).toEqual({ cursor: null, newestSeen: t(9), done: true });
  });

  it('moves the cursor to the end of a full page', () => {
    expect(afterPage({ cursor: null, newestSeen: null }, [t(1), t(2), t(4)], 3)).toEqual({ cursor: t(4), newestSeen: t(4), done: false });
  });

  it('steps 1 ms on when a full page did not get past the cursor, so the scan cannot loop', () => {
    expect(afterPage({ cursor: t(4), newestSeen: t(4) }, [t(4), t(4)], 2)).toEqual({
      cursor: '2026-03-01T10:00:04.001Z',
      newestSeen: t(4),
      done: false,
    });
  });

  it('never moves the newest seen backwards (an overlap re-read returns older incidents)', () => {
    expect(afterPage({ cursor: null, newestSeen: t(30) }, [t(5)], 500).newestSeen).toBe(t(30));
  });
});

describe('groupByRoot', () => {
  const incident = (id: string, root: string | null): EngineIncident => ({
    id, rootCauseIncidentId: root, causeIncidentId: root, processDefinitionId: 'p:1', processInstanceId: `pi-${id}`, executionId: null,
    incidentTimestamp: '2026-03-01T10:00:00.000Z', incidentType: 'failedExternalTask', activityId: `a-${id}`, failedActivityId: null,
    configuration: null, tenantId: null, incidentMessage: null, jobDefinitionId: null, annotation: null,
  });

  it('puts a called process incident and its parents in one group keyed by the root cause, whatever the order', () => {
    const groups = groupByRoot([incident('parent', 'root'), incident('root', 'root'), incident('other', null), incident('grandparent', 'root')]);
    expect([...groups.keys()]).toEqual(['root', 'other']);
    expect(groups.get('root')!.root!.id).toBe('root');
    expect(groups.get('root')!.members.map((i) => i.id)).toEqual(['parent', 'root', 'grandparent']);
    expect(groups.get('other')!.members.map((i) => i.id)).toEqual(['other']);
  });

  it('keeps a parent whose root is not in the batch under the root id, without a root', () => {
    const groups = groupByRoot([incident('parent', 'root-seen-earlier')]);
    expect(groups.get('root-seen-earlier')).toMatchObject({ root: null, members: [expect.objectContaining({ id: 'parent' })] });
  });
});
