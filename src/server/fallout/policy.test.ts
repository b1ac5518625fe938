import { describe, expect, it } from 'vitest';
import type { ActionId } from '../../contracts/cases.js';
import type { Role } from '../../contracts/session.js';
import { decideActions, type ActionRule, type PolicyInput } from './policy.js';

// The action table is written out here, not read from the catalog, so these tests pin the policy's own logic.
const ops: Role[] = ['fulfillment_ops', 'tech_ops', 'supervisor'];
const rule = (label: string, roles: Role[], categories: ActionRule['categories'], inputs: ActionRule['inputs'] = []): ActionRule => ({
  label,
  roles,
  categories,
  effect: `${label} effect.`,
  inputs,
});
const ALL: ActionRule['categories'] = ['TECHNICAL_TRANSIENT', 'TECHNICAL_PERSISTENT', 'BUSINESS_UNMODELED', 'DATA_CORRUPTION', 'UNKNOWN_OUTCOME', 'OPERATIONAL_UNSAFE'];
const ACTIONS: Record<ActionId, ActionRule> = {
  CHECK_EXTERNAL_STATUS: rule('Check external status', ops, ['UNKNOWN_OUTCOME', 'OPERATIONAL_UNSAFE']),
  RETRY_STEP: rule('Retry step', ['fulfillment_ops', 'tech_ops'], ['TECHNICAL_TRANSIENT', 'TECHNICAL_PERSISTENT']),
  CONFIRM_EXTERNAL_OUTCOME: rule('Confirm external outcome', ['fulfillment_ops', 'supervisor'], ['UNKNOWN_OUTCOME', 'OPERATIONAL_UNSAFE'], [
    { name: 'reference', label: 'Reference', kind: 'text', required: true },
  ]),
  MARK_FAILED_AND_RETRY: rule('Mark failed and retry', ['fulfillment_ops', 'supervisor'], ['UNKNOWN_OUTCOME']),
  START_MISSING_WORKFLOW: rule('Start missing workflow', ['fulfillment_ops', 'tech_ops'], ALL),
  ESCALATE: rule('Escalate', ops, ALL),
  REQUEST_UNSAFE_RETRY: rule('Request unsafe retry', ['fulfillment_ops', 'tech_ops'], ALL),
  ASSIGN: rule('Assign', ops, ALL, [{ name: 'assignee', label: 'Assignee', kind: 'user', required: true }]),
  ANNOTATE: rule('Add note', ops, ALL),
  RESOLVE: rule('Resolve', ops, ALL),
};

const base: PolicyInput = {
  case: { status: 'OPEN', category: 'TECHNICAL_TRANSIENT', source: 'INCIDENT', incidentType: 'failedExternalTask', assignee: null, frozen: false },
  finding: null,
  step: { sideEffect: 'read', idempotencyKey: null, canCheckStatus: false, canConfirm: false, canMarkFailed: false },
  actions: ACTIONS,
  hasOpenRootIncident: true,
  hasPendingCommand: false,
  hasPendingApproval: false,
  workflowCommandBeingVerified: null,
  latestEvidence: null,
  user: { id: 'olivia.ops', roles: ['support', 'fulfillment_ops'] },
};
const reservation: Partial<PolicyInput> = {
  case: { ...base.case, category: 'UNKNOWN_OUTCOME' },
  step: { sideEffect: 'inventory', idempotencyKey: 'reservationRequestId', canCheckStatus: true, canConfirm: true, canMarkFailed: true },
};
const billing: Partial<PolicyInput> = {
  case: { ...base.case, category: 'OPERATIONAL_UNSAFE', frozen: true },
  step: { sideEffect: 'money', idempotencyKey: 'billingIdempotencyKey', canCheckStatus: true, canConfirm: true, canMarkFailed: false },
};

/** ORD-100931: no callback came; the receive task's contract names inventory's status check and the confirm path. */
const stuckAtCallback: Partial<PolicyInput> = {
  case: { ...base.case, source: 'STUCK', category: 'UNKNOWN_OUTCOME', incidentType: null },
  step: { sideEffect: 'none', idempotencyKey: null, canCheckStatus: true, canConfirm: true, canMarkFailed: false },
  hasOpenRootIncident: false,
};

/** Someone set the retries in Cockpit: the incident is gone, the token still waits at the step. */
const clearedOutside: Partial<PolicyInput> = { case: { ...base.case, status: 'CLEARED_OUTSIDE' }, hasOpenRootIncident: false };
/** Someone cancelled the process instance in Cockpit while the case was open. */
const cancelledInEngine: Partial<PolicyInput> = { case: { ...base.case, status: 'CANCELLED_IN_ENGINE' }, hasOpenRootIncident: false };

function decide(overrides: Partial<PolicyInput>) {
  const { offered, withheld } = decideActions({ ...base, ...overrides });
  return { offered: offered.map((a) => a.action), withheld: Object.fromEntries(withheld.map((w) => [w.action, w.reason])) };
}

describe('decideActions', () => {
  it.each<[string, Partial<PolicyInput>, ActionId[]]>([
    ['transient failure at a read-only step', {}, ['RETRY_STEP', 'ESCALATE', 'ASSIGN', 'ANNOTATE']],
    ['unknown reservation outcome, nothing checked yet', reservation, ['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'ASSIGN', 'ANNOTATE']],
    ['unknown reservation outcome, the reservation exists', { ...reservation, latestEvidence: { finding: 'FOUND', reference: 'RSV-000004' } },
      ['CHECK_EXTERNAL_STATUS', 'CONFIRM_EXTERNAL_OUTCOME', 'ESCALATE', 'ASSIGN', 'ANNOTATE']],
    ['unknown reservation outcome, no reservation', { ...reservation, latestEvidence: { finding: 'NOT_FOUND', reference: null } },
      ['CHECK_EXTERNAL_STATUS', 'MARK_FAILED_AND_RETRY', 'ESCALATE', 'ASSIGN', 'ANNOTATE']],
    ['billing failure (money): only a check, a request for approval and bookkeeping', billing,
      ['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'REQUEST_UNSAFE_RETRY', 'ASSIGN', 'ANNOTATE']],
    ['order that never started its workflow', { case: { ...base.case, source: 'RECONCILE', category: 'TECHNICAL_PERSISTENT', incidentType: null }, finding: 'NEVER_STARTED', hasOpenRootIncident: false },
      ['START_MISSING_WORKFLOW', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['stuck instance (no incident)', { case: { ...base.case, source: 'STUCK', category: 'BUSINESS_UNMODELED', incidentType: null }, hasOpenRootIncident: false },
      ['ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['stuck at a callback the owning service can be asked about', { ...stuckAtCallback },
      ['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['stuck at a callback, the reservation exists', { ...stuckAtCallback, latestEvidence: { finding: 'FOUND', reference: 'RSV-000031' } },
      ['CHECK_EXTERNAL_STATUS', 'CONFIRM_EXTERNAL_OUTCOME', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['transient failure cleared in Cockpit, the token still at the step', clearedOutside, ['ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['unknown reservation outcome cleared in Cockpit: the owning service can still be asked', { ...reservation, ...clearedOutside, case: { ...reservation.case!, status: 'CLEARED_OUTSIDE' } },
      ['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['instance cancelled in the engine, the order still active', cancelledInEngine, ['ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['billing instance cancelled in the engine: a check, bookkeeping, a resolve once the order is settled',
      { ...billing, ...cancelledInEngine, case: { ...billing.case!, status: 'CANCELLED_IN_ENGINE' } },
      ['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']],
    ['closed after a cancellation the order service agrees with', { case: { ...base.case, status: 'CLOSED' }, hasOpenRootIncident: false }, ['ANNOTATE']],
  ])('offers the right actions: %s', (_, overrides, expected) => {
    expect(decide(overrides).offered).toEqual(expected);
  });

  it('withholds a retry of a money step with the reason an operator needs', () => {
    expect(decide(billing).withheld.RETRY_STEP).toBe('This step moves money: a retry needs supervisor approval. Request an unsafe retry with your evidence.');
  });

  it.each<[string, Partial<PolicyInput>, RegExp]>([
    ['support may only read', { user: { id: 'sam.support', roles: ['support'] } }, /needs the fulfillment ops or tech ops role/],
    ['a persistent failure needs a fix, not a retry', { case: { ...base.case, category: 'TECHNICAL_PERSISTENT' } }, /fix first/],
    ['an unknown outcome needs a status check first', reservation, /check the external status/],
    ['a frozen activity needs approval', { case: { ...base.case, frozen: true } }, /frozen during a failure storm/],
    ['the incident just closed and the sync has not yet seen where the token went', { hasOpenRootIncident: false }, /checking whether the process moved on/],
    ['the incident was cleared outside the workbench and the step still waits', clearedOutside, /cleared outside the workbench .* nothing to retry/],
    ['the instance was cancelled in the engine', cancelledInEngine, /cancelled in the engine: no step is left/],
    ['the case was closed', { case: { ...base.case, status: 'CLOSED' }, hasOpenRootIncident: false }, /closed/],
    ['a command is still pending', { hasPendingCommand: true }, /still pending/],
    ['a retry went through and the sync has not yet seen the workflow move on', { workflowCommandBeingVerified: 'RETRY_STEP' }, /^Retry step went through moments ago .* waiting for the workflow to move past the step/],
    ['a supervisor decision is awaited', { hasPendingApproval: true, case: { ...base.case, status: 'AWAITING_APPROVAL' } }, /waiting for a supervisor/],
    ['the case is resolved', { case: { ...base.case, status: 'RESOLVED' } }, /already resolved/],
  ])('withholds the retry when %s', (_, overrides, reason) => {
    const decision = decide(overrides);
    expect(decision.offered).not.toContain('RETRY_STEP');
    expect(decision.withheld.RETRY_STEP).toMatch(reason);
  });

  describe('a frozen activity', () => {
    const frozen: Partial<PolicyInput> = { case: { ...base.case, frozen: true } };

    it('offers the unsafe-retry request its withheld retry points to', () => {
      const decision = decide(frozen);
      expect(decision.withheld.RETRY_STEP).toBe(
        'The activity is frozen during a failure storm: a retry needs supervisor approval until the freeze ends. Request an unsafe retry with your evidence.',
      );
      expect(decision.offered).toContain('REQUEST_UNSAFE_RETRY');
    });

    it('names no request where the catalog does not allow one for the category', () => {
      const actions = { ...ACTIONS, REQUEST_UNSAFE_RETRY: rule('Request unsafe retry', ['fulfillment_ops', 'tech_ops'], ['OPERATIONAL_UNSAFE']) };
      const decision = decide({ ...frozen, actions });
      expect(decision.withheld.RETRY_STEP).toBe('The activity is frozen during a failure storm: retries wait until a supervisor ends the freeze.');
      expect(decision.offered).not.toContain('REQUEST_UNSAFE_RETRY');
      expect(decision.withheld.REQUEST_UNSAFE_RETRY).toBeUndefined();
    });
  });

  describe('a step that could do its effect twice, which a rule called transient', () => {
    const moneyWithoutKey: Partial<PolicyInput> = { step: { sideEffect: 'money', idempotencyKey: null, canCheckStatus: true, canConfirm: true, canMarkFailed: false } };

    it.each<[string, PolicyInput['step']['sideEffect']]>([['moves money', 'money'], ['changes a contract', 'contract'], ['reserves inventory', 'inventory']])(
      'withholds the plain retry of a step that %s when its contract names no idempotency key',
      (words, sideEffect) => {
        const decision = decide({ step: { sideEffect, idempotencyKey: null, canCheckStatus: true, canConfirm: true, canMarkFailed: false } });
        expect(decision.offered).not.toContain('RETRY_STEP');
        expect(decision.withheld.RETRY_STEP).toBe(`This step ${words} and its worker contract names no idempotency key, so a retry could do it twice. Escalate it to the owning team.`);
        expect(decision.offered).toContain('ESCALATE');
      },
    );

    it('points to the status check where the catalog offers one for the case', () => {
      const actions = { ...ACTIONS, CHECK_EXTERNAL_STATUS: rule('Check external status', ops, ['TECHNICAL_TRANSIENT', 'UNKNOWN_OUTCOME']) };
      const decision = decide({ ...moneyWithoutKey, actions });
      expect(decision.withheld.RETRY_STEP).toBe(
        'This step moves money and its worker contract names no idempotency key, so a retry could do it twice. Check the external status first: a retry needs it to show nothing happened.',
      );
      expect(decision.offered).toContain('CHECK_EXTERNAL_STATUS');
    });

    it('offers it when the contract names an idempotency key the repeat reuses', () => {
      expect(decide({ step: { sideEffect: 'money', idempotencyKey: 'billingIdempotencyKey', canCheckStatus: true, canConfirm: true, canMarkFailed: false } }).offered).toContain('RETRY_STEP');
    });

    it('offers it once a status check showed nothing happened', () => {
      expect(decide({ ...moneyWithoutKey, latestEvidence: { finding: 'NOT_FOUND', reference: null } }).offered).toContain('RETRY_STEP');
    });

    it('leaves notifications and documents alone: a repeat of those is not a double charge', () => {
      expect(decide({ step: { sideEffect: 'notification', idempotencyKey: null, canCheckStatus: false, canConfirm: false, canMarkFailed: false } }).offered).toContain('RETRY_STEP');
    });
  });

  it('lets nobody confirm a stuck callback before the owning service was asked', () => {
    expect(decide(stuckAtCallback).withheld.CONFIRM_EXTERNAL_OUTCOME).toMatch(/Check the external status first/);
  });

  it('lets nobody confirm or mark failed before the owning service was asked', () => {
    const decision = decide(reservation);
    expect(decision.withheld.CONFIRM_EXTERNAL_OUTCOME).toMatch(/Check the external status first/);
    expect(decision.withheld.MARK_FAILED_AND_RETRY).toMatch(/Check the external status first/);
  });

  it('keeps notes possible on a resolved case but nothing else', () => {
    const decision = decide({ case: { ...base.case, status: 'RESOLVED' }, hasOpenRootIncident: false });
    expect(decision.offered).toEqual(['ANNOTATE']);
  });

  it('never says the process is moving again unless the engine showed it', () => {
    for (const overrides of [{ hasOpenRootIncident: false }, clearedOutside, cancelledInEngine]) {
      for (const reason of Object.values(decide(overrides).withheld)) expect(reason).not.toMatch(/moving again/);
    }
  });

  it('withholds every step action on a cancelled instance, with the way out', () => {
    const decision = decide({ ...reservation, ...cancelledInEngine, case: { ...reservation.case!, status: 'CANCELLED_IN_ENGINE' }, latestEvidence: { finding: 'FOUND', reference: 'RSV-1' } });
    expect(decision.withheld.CONFIRM_EXTERNAL_OUTCOME).toMatch(/Settle the order at the owning service/);
    expect(decision.offered).toEqual(['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']);
  });

  it('refuses a manual resolve while the engine still shows the incident', () => {
    expect(decide({}).withheld.RESOLVE).toMatch(/still shows the incident/);
  });

  it('suggests the reference the status check found, and the caller as assignee', () => {
    const { offered } = decideActions({ ...base, ...reservation, latestEvidence: { finding: 'FOUND', reference: 'RSV-000004' } });
    expect(offered.find((a) => a.action === 'CONFIRM_EXTERNAL_OUTCOME')?.inputs[0]?.suggested).toBe('RSV-000004');
    expect(offered.find((a) => a.action === 'ASSIGN')?.inputs[0]?.suggested).toBe('olivia.ops');
  });

  it('gives an auditor nothing to run', () => {
    expect(decide({ user: { id: 'aud.auditor', roles: ['auditor'] } }).offered).toEqual([]);
  });

  it('marks read-only and bookkeeping actions as safe', () => {
    const { offered } = decideActions({ ...base, ...reservation });
    expect(offered.filter((a) => a.safe).map((a) => a.action)).toEqual(['CHECK_EXTERNAL_STATUS', 'ASSIGN', 'ANNOTATE']);
  });
});
