import { describe, expect, it } from 'vitest';
import { caseTemplateValues, fillPlaceholders } from './placeholders.js';

describe('placeholders', () => {
  it("fills a runbook step from the case's order", () => {
    const values = caseTemplateValues({ businessKey: 'order:ORD-100925', entity: { type: 'ORDER', id: 'ORD-100925' } });
    expect(fillPlaceholders('Search the business key order:{orderId} in the workbench.', values)).toBe('Search the business key order:ORD-100925 in the workbench.');
  });

  it('takes the order id from the business key when the case names no entity, and unmasked variables', () => {
    const values = caseTemplateValues({
      businessKey: 'order:ORD-7',
      entity: null,
      variables: [
        { name: 'reservationRequestId', value: 'RES-1', masked: false },
        { name: 'customerId', value: '***', masked: true },
      ],
    });
    expect(fillPlaceholders('{reservationRequestId} for {orderId} of {customerId}', values)).toBe('RES-1 for ORD-7 of ‹customer id›');
  });

  it('reads unfilled placeholders as words', () => {
    expect(fillPlaceholders('DOC-{orderId} and {billingIdempotencyKey}')).toBe('DOC-‹order id› and ‹billing idempotency key›');
  });
});
