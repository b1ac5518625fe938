import { describe, expect, it } from 'vitest';
import { ChangeBatch, MAX_CASE_IDS, changeFor } from './change-batch.js';

describe('ChangeBatch', () => {
  it('gathers kinds and case ids, each once, in a stable order', () => {
    const batch = new ChangeBatch();
    expect(batch.empty).toBe(true);
    batch.add({ kind: 'approval', ids: ['FO-2', 'FO-1'] });
    batch.add({ kind: 'case', ids: ['FO-1'] });
    expect(batch.toChange()).toEqual({ kinds: ['case', 'approval'], caseIds: ['FO-1', 'FO-2'] });
  });

  it('says "any case" for a note of many, past the id cap, and for a freeze (which also changes cases)', () => {
    const many = new ChangeBatch();
    many.add({ kind: 'case', ids: 'many' });
    many.add({ kind: 'case', ids: ['FO-1'] });
    expect(many.toChange()).toEqual({ kinds: ['case'], caseIds: null });

    const capped = new ChangeBatch();
    capped.add({ kind: 'case', ids: Array.from({ length: MAX_CASE_IDS + 1 }, (_, i) => `FO-${i}`) });
    expect(capped.toChange().caseIds).toBeNull();

    const freeze = new ChangeBatch();
    freeze.add({ kind: 'freeze', ids: ['f-1'] });
    expect(freeze.toChange()).toEqual({ kinds: ['case', 'freeze'], caseIds: null });
  });

  it('after an outage says everything changed', () => {
    const batch = new ChangeBatch();
    batch.addEverything();
    expect(batch.toChange()).toEqual({ kinds: ['case', 'approval', 'freeze'], caseIds: null });
  });
});

describe('changeFor', () => {
  const change = { kinds: ['case', 'approval', 'freeze'] as const, caseIds: ['FO-1'] };
  it.each([
    [['support'], ['case']],
    [['auditor'], ['case']],
    [['support', 'supervisor'], ['case', 'approval', 'freeze']],
    [['platform_owner'], ['case', 'freeze']],
    [['fulfillment_ops'], ['case', 'approval', 'freeze']],
  ] as const)('tells %j only of the kinds its pages show', (roles, kinds) => {
    expect(changeFor({ ...change, kinds: [...change.kinds] }, roles)).toEqual({ kinds, caseIds: ['FO-1'] });
  });

  it('leaves out a change that has nothing for the viewer', () => {
    expect(changeFor({ kinds: ['approval'], caseIds: [] }, ['support'])).toBeNull();
    // The case ids of an approval still matter to support: the case page shows the pending request.
    expect(changeFor({ kinds: ['approval'], caseIds: ['FO-1'] }, ['support'])).toEqual({ kinds: [], caseIds: ['FO-1'] });
  });
});
