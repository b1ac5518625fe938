import { describe, expect, it } from 'vitest';
import { interpretQuery, parseBusinessKey } from './business-key.js';

describe('parseBusinessKey', () => {
  it.each([
    ['order:ORD-100928', { type: 'ORDER', id: 'ORD-100928' }],
    ['quote:Q-5001:rev:2', { type: 'QUOTE', id: 'Q-5001', revision: 2 }],
    ['change-order:CO-77', { type: 'CHANGE_ORDER', id: 'CO-77' }],
    ['fallout:FO-2026-000001', { type: 'FALLOUT', id: 'FO-2026-000001' }],
    ['9c2e8af6-1b0b-4e95-978f-5d637c3ef8d7', null],
    [null, null],
  ])('%s', (key, expected) => {
    expect(parseBusinessKey(key)).toEqual(expected);
  });
});

describe('interpretQuery: every way support types an order finds the same order', () => {
  it.each(['ORD-100928', 'ord-100928', ' ORD 100928 ', 'order:ORD-100928', 'ORDER : ord-100928', 'ord100928'])('%s', (query) => {
    expect(interpretQuery(query)).toEqual({ kind: 'entity', entityType: 'ORDER', value: 'ORD-100928', revision: undefined });
  });

  it('reads bare digits as the number part of any id', () => {
    expect(interpretQuery('100928')).toEqual({ kind: 'number', value: '100928' });
  });

  it('reads case ids, also behind the fallout business key prefix', () => {
    expect(interpretQuery('fo-2026-000042')).toEqual({ kind: 'case', value: 'FO-2026-000042' });
    expect(interpretQuery('fallout:FO-2026-000042')).toEqual({ kind: 'case', value: 'FO-2026-000042' });
  });

  it('reads quotes with and without revision', () => {
    expect(interpretQuery('q-5001')).toEqual({ kind: 'entity', entityType: 'QUOTE', value: 'Q-5001' });
    expect(interpretQuery('quote:Q-5001:rev:3')).toEqual({ kind: 'entity', entityType: 'QUOTE', value: 'Q-5001', revision: 3 });
    expect(interpretQuery('Q-5001 rev 3')).toEqual({ kind: 'entity', entityType: 'QUOTE', value: 'Q-5001', revision: 3 });
  });

  it('reads change orders and process instance ids', () => {
    expect(interpretQuery('co-12')).toEqual({ kind: 'entity', entityType: 'CHANGE_ORDER', value: 'CO-12' });
    expect(interpretQuery('9C2E8AF6-1B0B-4E95-978F-5D637C3EF8D7')).toEqual({ kind: 'processInstance', value: '9c2e8af6-1b0b-4e95-978f-5d637c3ef8d7' });
  });

  it('reads ids with letters after the prefix, in any case, and keeps words as free text', () => {
    expect(interpretQuery('ord-t1a2b3c4')).toEqual({ kind: 'entity', entityType: 'ORDER', value: 'ORD-T1A2B3C4' });
    expect(interpretQuery(' ORD - T1A2B3C4 ')).toEqual({ kind: 'entity', entityType: 'ORDER', value: 'ORD-T1A2B3C4' });
    expect(interpretQuery('order:ord-t1a2b3c4')).toEqual({ kind: 'entity', entityType: 'ORDER', value: 'ORD-T1A2B3C4', revision: undefined });
    expect(interpretQuery('co-x9')).toEqual({ kind: 'entity', entityType: 'CHANGE_ORDER', value: 'CO-X9' });
    expect(interpretQuery('q-ab12 rev 2')).toEqual({ kind: 'entity', entityType: 'QUOTE', value: 'Q-AB12', revision: 2 });
    expect(interpretQuery('order')).toEqual({ kind: 'text', value: 'order' });
    expect(interpretQuery('ord-abc')).toEqual({ kind: 'text', value: 'ord-abc' });
    expect(interpretQuery('cobalt1')).toEqual({ kind: 'text', value: 'cobalt1' });
  });

  it('falls back to free text', () => {
    expect(interpretQuery('acme')).toEqual({ kind: 'text', value: 'acme' });
  });
});
