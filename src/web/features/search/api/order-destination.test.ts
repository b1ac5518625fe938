import { describe, expect, it } from 'vitest';
import { buildCaseSummary, buildProcessSummary, buildSearchResponse } from '../../../testing/fixtures.js';
import { isSupportOnly, singleOrderDestination } from './order-destination.js';

describe('isSupportOnly', () => {
  it.each([
    [['support'], true],
    [['support', 'fulfillment_ops'], false],
    [['support', 'supervisor'], false],
    [['auditor'], false],
  ] as const)('%j → %s', (roles, expected) => {
    expect(isSupportOnly(roles)).toBe(expected);
  });
});

describe('singleOrderDestination', () => {
  it('opens the order when the query was read as an order and every hit is that order', () => {
    const result = buildSearchResponse({ cases: [buildCaseSummary()], running: [buildProcessSummary()] });
    expect(singleOrderDestination(result)).toBe('/orders/ORD-100928');
  });

  it('opens the order view for a bare number that only one order ends in (support types 100928)', () => {
    const found = buildSearchResponse({ interpretedAs: { kind: 'any id ending in', value: '100928' }, running: [buildProcessSummary()] });
    expect(singleOrderDestination(found)).toMatch(/^\/orders\//);
  });

  it('stays on the results for another kind of query or for several orders', () => {
    expect(singleOrderDestination(buildSearchResponse({ interpretedAs: { kind: 'process instance', value: 'pi-1' }, running: [buildProcessSummary()] }))).toBeNull();
    const two = buildSearchResponse({
      running: [buildProcessSummary(), buildProcessSummary({ entity: { type: 'ORDER', id: 'ORD-2' } })],
    });
    expect(singleOrderDestination(two)).toBeNull();
    expect(singleOrderDestination(buildSearchResponse())).toBeNull();
  });
});
