// Over the reference catalog's actions and many case situations: a withheld action's reason may point the
// operator to another action ("Request an unsafe retry", "Check the external status", "Escalate") only when
// the case lists that action, offered or withheld for a role the reader can ask for. A reason that names a
// path the case does not have is a dead end at 02:00.
import { describe, expect, it } from 'vitest';
import { caseCategories, type ActionId } from '../../contracts/cases.js';
import type { Role } from '../../contracts/session.js';
import { referenceCatalog } from '../catalog/testing.js';
import { actionRulesOf } from '../commands/step-contract.js';
import { decideActions, type PolicyInput } from '../fallout/policy.js';

// Phrases a reason uses to send the reader somewhere, and the action each one means (written out by hand).
const POINTERS: [RegExp, ActionId][] = [
  [/request an unsafe retry|supervisor approval/i, 'REQUEST_UNSAFE_RETRY'],
  [/check the external status/i, 'CHECK_EXTERNAL_STATUS'],
  [/escalate/i, 'ESCALATE'],
  [/mark it failed/i, 'MARK_FAILED_AND_RETRY'],
];

const steps: PolicyInput['step'][] = [
  { sideEffect: 'read', idempotencyKey: null, canCheckStatus: false, canConfirm: false, canMarkFailed: false },
  { sideEffect: 'inventory', idempotencyKey: 'reservationRequestId', canCheckStatus: true, canConfirm: true, canMarkFailed: true },
  { sideEffect: 'money', idempotencyKey: 'billingIdempotencyKey', canCheckStatus: true, canConfirm: true, canMarkFailed: false },
  { sideEffect: 'contract', idempotencyKey: null, canCheckStatus: false, canConfirm: false, canMarkFailed: false },
  { sideEffect: 'none', idempotencyKey: null, canCheckStatus: true, canConfirm: true, canMarkFailed: false },
];
const users: { id: string; roles: Role[] }[] = [
  { id: 'olivia.ops', roles: ['support', 'fulfillment_ops'] },
  { id: 'theo.tech', roles: ['tech_ops'] },
];

describe('no dead ends', () => {
  it('every action a withheld reason points to is listed on the case', async () => {
    const actions = actionRulesOf(await referenceCatalog());
    let checked = 0;
    for (const category of caseCategories) {
      for (const source of ['INCIDENT', 'STUCK'] as const) {
        for (const frozen of [false, true]) {
          for (const step of steps) {
            for (const latestEvidence of [null, { finding: 'FOUND' as const, reference: 'R-1' }, { finding: 'NOT_FOUND' as const, reference: null }]) {
              for (const user of users) {
                const input: PolicyInput = {
                  case: { status: 'OPEN', category, source, incidentType: source === 'INCIDENT' ? 'failedExternalTask' : null, assignee: null, frozen },
                  finding: null,
                  step,
                  actions,
                  hasOpenRootIncident: source === 'INCIDENT',
                  hasPendingCommand: false,
                  hasPendingApproval: false,
                  workflowCommandBeingVerified: null,
                  latestEvidence,
                  user,
                };
                const { offered, withheld } = decideActions(input);
                const listed = new Set([...offered.map((a) => a.action), ...withheld.map((a) => a.action)]);
                for (const { action, reason } of withheld) {
                  for (const [phrase, target] of POINTERS) {
                    if (phrase.test(reason)) {
                      expect(listed.has(target), `${category}/${source}/frozen=${frozen}/${step.sideEffect}/${latestEvidence?.finding ?? 'no evidence'}/${user.id}: ${action} says "${reason}"`).toBe(true);
                      checked++;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    // The grid must actually exercise pointing reasons, or this test proves nothing.
    expect(checked).toBeGreaterThan(50);
  });
});
