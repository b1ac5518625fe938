// The pure rules of migration plans: exclusions, batching, four eyes and allowed actions, the mapping merge.
import { describe, expect, it } from 'vitest';
import { assignBatches } from './batching.js';
import { exclusionOf, type Candidate } from './exclusions.js';
import { failuresOf, mergeMapping, pairsOf, unmappedScope } from './mapping.js';
import { allowedActions, refusalOf } from './permissions.js';

const candidate: Candidate = { processInstanceId: 'pi-1', businessKey: 'order:ORD-1', activityId: 'waitForReservationCallback' };
const clean = { openCaseId: null, missingVariables: [], order: { kind: 'NOT_CHECKED' as const } };

describe('exclusions', () => {
  it('keeps an instance with no case, its variables and no order states to check', () => {
    expect(exclusionOf(candidate, clean, [])).toBeNull();
  });

  it('names the open case first, whatever else is wrong', () => {
    expect(exclusionOf(candidate, { openCaseId: 'FO-2026-000007', missingVariables: ['orderId'], order: { kind: 'UNAVAILABLE', detail: 'down' } }, ['RESERVATION_PENDING'])).toEqual({
      processInstanceId: 'pi-1', businessKey: 'order:ORD-1', activityId: 'waitForReservationCallback', reason: 'OPEN_CASE', caseId: 'FO-2026-000007',
      detail: 'open fallout case FO-2026-000007: the instance stays where it is while the case is worked',
    });
  });

  it('names missing variables', () => {
    expect(exclusionOf(candidate, { ...clean, missingVariables: ['orderId', 'fulfillmentPlanRef'] }, [])).toMatchObject({
      reason: 'MISSING_VARIABLE', caseId: null, detail: 'required variables orderId, fulfillmentPlanRef not set',
    });
    expect(exclusionOf(candidate, { ...clean, missingVariables: ['orderId'] }, [])?.detail).toBe('required variable orderId not set');
  });

  it('checks the order state only when the plan names states', () => {
    const completed = { ...clean, order: { kind: 'STATE' as const, orderId: 'ORD-1', state: 'COMPLETED' } };
    expect(exclusionOf(candidate, completed, [])).toBeNull();
    expect(exclusionOf(candidate, completed, ['RESERVATION_PENDING', 'RESERVATION_REQUESTED'])).toMatchObject({
      reason: 'DOMAIN_STATE', detail: 'order ORD-1 is COMPLETED, not one of RESERVATION_PENDING, RESERVATION_REQUESTED',
    });
    expect(exclusionOf(candidate, { ...clean, order: { kind: 'STATE', orderId: 'ORD-1', state: 'RESERVATION_PENDING' } }, ['RESERVATION_PENDING'])).toBeNull();
  });

  it('never moves an instance whose order could not be read', () => {
    expect(exclusionOf(candidate, { ...clean, order: { kind: 'UNAVAILABLE', detail: 'the order service is not available' } }, ['RESERVATION_PENDING'])).toMatchObject({
      reason: 'DOMAIN_UNAVAILABLE', detail: 'the order service is not available',
    });
    expect(exclusionOf(candidate, clean, ['RESERVATION_PENDING'])).toMatchObject({ reason: 'DOMAIN_UNAVAILABLE' });
    expect(exclusionOf(candidate, { ...clean, order: { kind: 'UNKNOWN', detail: 'the order service does not know order ORD-1' } }, ['RESERVATION_PENDING'])).toMatchObject({
      reason: 'DOMAIN_STATE', detail: 'the order service does not know order ORD-1',
    });
  });
});

describe('batching', () => {
  it('puts the first instance alone in batch 0 and the rest in batches of the given size', () => {
    expect(assignBatches(0, 2)).toEqual([]);
    expect(assignBatches(1, 2)).toEqual([0]);
    expect(assignBatches(4, 2)).toEqual([0, 1, 1, 2]);
    expect(assignBatches(6, 1)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(assignBatches(5, 500)).toEqual([0, 1, 1, 1, 1]);
  });
});

describe('four eyes and allowed actions', () => {
  const paula = { id: 'paula.platform', roles: ['support', 'platform_owner'] as const };
  const otherOwner = { id: 'pete.platform', roles: ['platform_owner'] as const };
  const sara = { id: 'sara.supervisor', roles: ['support', 'supervisor'] as const };
  const auditor = { id: 'aud.auditor', roles: ['auditor'] as const };
  const plan = (state: Parameters<typeof allowedActions>[0]['state']) => ({ state, createdBy: 'paula.platform' });

  it('never lets the requester decide their own plan', () => {
    expect(refusalOf(plan('AWAITING_APPROVAL'), paula, 'APPROVE')).toMatchObject({ status: 403, code: 'FOUR_EYES' });
    expect(refusalOf(plan('AWAITING_APPROVAL'), paula, 'REJECT')).toMatchObject({ status: 403, code: 'FOUR_EYES' });
    expect(allowedActions(plan('AWAITING_APPROVAL'), paula)).toEqual([]);
  });

  it('lets another platform owner or a supervisor decide while it waits', () => {
    expect(allowedActions(plan('AWAITING_APPROVAL'), sara)).toEqual(['APPROVE', 'REJECT']);
    expect(allowedActions(plan('AWAITING_APPROVAL'), otherOwner)).toEqual(['APPROVE', 'REJECT']);
    expect(refusalOf(plan('APPROVED'), sara, 'APPROVE')).toMatchObject({ status: 409, code: 'MIGRATION_DECIDED', message: 'This plan is already approved.' });
  });

  it('starts an approved plan by a platform owner only, the requester included', () => {
    expect(allowedActions(plan('APPROVED'), paula)).toEqual(['START', 'ABORT']);
    expect(allowedActions(plan('APPROVED'), sara)).toEqual(['ABORT']);
    expect(refusalOf(plan('AWAITING_APPROVAL'), paula, 'START')).toMatchObject({ status: 409, code: 'MIGRATION_NOT_APPROVED' });
    expect(refusalOf(plan('APPROVED'), sara, 'START')).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('aborts approved, running and halted plans only', () => {
    for (const state of ['APPROVED', 'RUNNING', 'HALTED'] as const) expect(refusalOf(plan(state), sara, 'ABORT')).toBeNull();
    for (const state of ['AWAITING_APPROVAL', 'REJECTED', 'COMPLETED', 'ABORTED'] as const) {
      expect(refusalOf(plan(state), paula, 'ABORT')).toMatchObject({ status: 409, code: 'MIGRATION_NOT_ABORTABLE' });
    }
    expect(allowedActions(plan('RUNNING'), paula)).toEqual(['ABORT']);
    expect(allowedActions(plan('COMPLETED'), paula)).toEqual([]);
  });

  it('gives an auditor nothing to do', () => {
    for (const state of ['AWAITING_APPROVAL', 'APPROVED', 'RUNNING', 'HALTED'] as const) expect(allowedActions(plan(state), auditor)).toEqual([]);
  });
});

describe('mapping', () => {
  const generated = [
    { sourceActivityIds: ['waitForCallback'], targetActivityIds: ['waitForCallback'], updateEventTrigger: false },
    { sourceActivityIds: ['reserveInventory'], targetActivityIds: ['reserveInventory'], updateEventTrigger: false },
    { sourceActivityIds: ['reminder'], targetActivityIds: ['reminder'], updateEventTrigger: true },
  ];

  it('replaces what the generator said for an explicitly mapped activity', () => {
    const merged = mergeMapping(generated, [{ from: 'reserveInventory', to: 'reserveStock' }]);
    expect(pairsOf(merged)).toEqual([
      { from: 'waitForCallback', to: 'waitForCallback' },
      { from: 'reminder', to: 'reminder' },
      { from: 'reserveInventory', to: 'reserveStock' },
    ]);
    expect(merged[1]!.updateEventTrigger).toBe(true);
  });

  it('finds scope activities no instruction moves', () => {
    expect(unmappedScope(['waitForCallback', 'checkAvailability'], generated)).toEqual(['checkAvailability']);
  });

  it('turns the engine report into one line per failure', () => {
    expect(failuresOf({
      instructionReports: [{ instruction: generated[0], failures: ['cannot migrate a receive task to a user task'] }],
      variableReports: { orderId: { failures: ['type mismatch'] } },
    })).toEqual([
      { activityId: 'waitForCallback', message: 'cannot migrate a receive task to a user task' },
      { activityId: null, message: 'variable orderId: type mismatch' },
    ]);
  });
});
