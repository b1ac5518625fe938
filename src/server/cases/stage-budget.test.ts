import { describe, expect, it } from 'vitest';
import type { StageBudget } from '../catalog/catalog.js';
import { budgetFor, stageBudgetState } from './stage-budget.js';

const thirtyMinutes: StageBudget = {
  processDefinitionKey: 'order-orchestration',
  activityId: 'waitForReservationCallback',
  budget: 'PT30M',
  budgetMs: 30 * 60_000,
  category: 'UNKNOWN_OUTCOME',
  severity: 'HIGH',
  runbookId: 'reservation-callback-missing',
};
const now = new Date('2026-01-05T10:00:00.000Z');

describe('stageBudgetState', () => {
  it('reports an overrun when the token waited longer than the budget', () => {
    expect(stageBudgetState(thirtyMinutes, '2026-01-05T09:29:59.000Z', now)).toEqual({ budget: 'PT30M', waitingSince: '2026-01-05T09:29:59.000Z', overrun: true });
  });

  it('is not overrun at exactly the budget, nor within it', () => {
    expect(stageBudgetState(thirtyMinutes, '2026-01-05T09:30:00.000Z', now)?.overrun).toBe(false);
    expect(stageBudgetState(thirtyMinutes, '2026-01-05T09:45:00.000Z', now)?.overrun).toBe(false);
  });

  it('claims no overrun when the wait is unknown', () => {
    expect(stageBudgetState(thirtyMinutes, null, now)).toEqual({ budget: 'PT30M', waitingSince: null, overrun: false });
  });

  it('is null without a budget', () => {
    expect(stageBudgetState(null, '2026-01-01T00:00:00.000Z', now)).toBeNull();
  });
});

describe('budgetFor', () => {
  it('finds the budget of the same process and step only', () => {
    expect(budgetFor([thirtyMinutes], 'order-orchestration', 'waitForReservationCallback')).toBe(thirtyMinutes);
    expect(budgetFor([thirtyMinutes], 'billing', 'waitForReservationCallback')).toBeNull();
    expect(budgetFor([thirtyMinutes], 'order-orchestration', null)).toBeNull();
  });
});
