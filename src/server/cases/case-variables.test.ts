import { describe, expect, it } from 'vitest';
import { whitelistedVariables } from './case-variables.js';

const engineAnswer = {
  orderId: { value: 'ORD-100928', type: 'String' },
  customerEmail: { value: 'ann@example.com', type: 'String' },
  paymentToken: { value: 'tok_live_123', type: 'String' },
  quantity: { value: 3, type: 'Integer' },
  items: { value: '[{"sku":"A-1"}]', type: 'Json' },
  internalSecret: { value: 'not-whitelisted', type: 'String' },
  note: { value: null, type: 'Null' },
};

describe('whitelistedVariables', () => {
  it('returns only the whitelisted names, in whitelist order, skipping names the instance does not have', () => {
    const result = whitelistedVariables(engineAnswer, ['quantity', 'orderId', 'missing'], []);
    expect(result).toEqual([
      { name: 'quantity', type: 'Integer', value: '3', masked: false },
      { name: 'orderId', type: 'String', value: 'ORD-100928', masked: false },
    ]);
  });

  it('masks sensitive names without regard to case and never returns their value', () => {
    const result = whitelistedVariables(engineAnswer, ['customerEmail', 'paymentToken', 'orderId'], ['CUSTOMEREMAIL', 'paymenttoken']);
    expect(result).toEqual([
      { name: 'customerEmail', type: 'String', value: '***', masked: true },
      { name: 'paymentToken', type: 'String', value: '***', masked: true },
      { name: 'orderId', type: 'String', value: 'ORD-100928', masked: false },
    ]);
    expect(JSON.stringify(result)).not.toContain('ann@example.com');
    expect(JSON.stringify(result)).not.toContain('tok_live_123');
  });

  it('keeps serialized values as text and shows an empty value as an empty string', () => {
    expect(whitelistedVariables(engineAnswer, ['items', 'note'], [])).toEqual([
      { name: 'items', type: 'Json', value: '[{"sku":"A-1"}]', masked: false },
      { name: 'note', type: 'Null', value: '', masked: false },
    ]);
  });

  it('does not treat inherited object properties as variables', () => {
    expect(whitelistedVariables({}, ['toString', 'constructor'], [])).toEqual([]);
  });
});
