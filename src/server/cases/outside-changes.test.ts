import { describe, expect, it } from 'vitest';
import type { EngineOperationRow } from '../store/engine-operations-repo.js';
import { outsideChanges, outsideChangeTimeline } from './outside-changes.js';

// Entries as the engine's user operation log has them (one per property of an operation), seen on 7.24.
const entry = (overrides: Partial<EngineOperationRow>): EngineOperationRow => ({
  engine_id: 'default', id: 'e', operation_id: 'op', at: new Date('2026-12-03T08:02:27.677Z'), user_id: 'admin', operation_type: 'SetVariable',
  entity_type: 'Variable', property: null, org_value: null, new_value: null, process_instance_id: 'pi-1', external_task_id: null, job_id: null,
  annotation: null, ...overrides,
});

describe('outsideChanges', () => {
  it('groups the entries of one operation and says what it did, newest first', () => {
    const changes = outsideChanges([
      entry({ id: 'a', operation_id: 'op-1', operation_type: 'SetExternalTaskRetries', entity_type: 'ExternalTask', property: 'retries', org_value: '0', new_value: '1', external_task_id: '8b907d38-eef0-11f1' }),
      entry({ id: 'b', operation_id: 'op-2', at: new Date('2026-12-03T08:06:57.025Z'), operation_type: 'SetJobRetries', entity_type: 'Job', property: 'retries', org_value: '0', new_value: '1', job_id: 'c183caac-eeef' }),
      entry({ id: 'c', operation_id: 'op-2', at: new Date('2026-12-03T08:06:57.029Z'), operation_type: 'SetJobRetries', entity_type: 'Job', property: 'dueDate', org_value: '1796284895918', new_value: '1893456000000', job_id: 'c183caac-eeef' }),
      entry({ id: 'd', operation_id: 'op-3', at: new Date('2026-12-03T08:07:00.000Z'), user_id: null, operation_type: 'Delete', entity_type: 'ProcessInstance' }),
    ]);
    expect(changes).toEqual([
      { at: '2026-12-03T08:07:00.000Z', userId: null, operation: 'Delete', text: 'cancelled the process instance' },
      {
        at: '2026-12-03T08:06:57.025Z', userId: 'admin', operation: 'SetJobRetries',
        text: 'let the failed step run again (attempts left 0 → 1), rescheduled, which clears its incident so the engine runs the step again',
      },
      {
        at: '2026-12-03T08:02:27.677Z', userId: 'admin', operation: 'SetExternalTaskRetries',
        text: 'let the failed step try again (attempts left 0 → 1), which clears its incident so a worker picks the step up again',
      },
    ]);
  });

  it('puts them on the timeline as done outside the workbench, by the engine user', () => {
    const [variable, unknown] = outsideChangeTimeline(
      outsideChanges([entry({ id: 'v', operation_id: 'op-v' }), entry({ id: 'x', operation_id: 'op-x', at: new Date('2026-12-03T08:00:00Z'), user_id: null, operation_type: 'Frobnicate', entity_type: 'Thing' })]),
    );
    expect(variable).toEqual({
      at: '2026-12-03T08:02:27.677Z', actor: 'admin', action: 'SET_VARIABLE', outcome: 'OUTSIDE_WORKBENCH',
      text: 'admin changed process variables (the engine does not log which) — directly in the engine (Cockpit, engine REST or a script), not through the workbench.',
    });
    expect(unknown).toMatchObject({ actor: 'unknown engine user', action: 'FROBNICATE', text: expect.stringMatching(/^Someone ran Frobnicate on Thing/) });
  });
});
