import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseDetail } from '../../contracts/cases.js';
import type { SearchResponse } from '../../contracts/search.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';
import { submitFailingOrder, type FailureKind } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

describe('case page live parts against the reference engine', () => {
  let bff: TestBff;
  let operator: TestLogin;

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl, services });
    operator = await loginAs(bff.app, 'olivia.ops');
    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
  });

  afterAll(async () => {
    await bff?.close();
  });

  // Fresh failing orders: other test files may already have retried the seeded ones in this shared engine.
  const caseOf = async (kind: FailureKind) => {
    const order = await submitFailingOrder(engineUrl, services, kind);
    const found = await eventually(async () => {
      await bff.sync.runOnce();
      expect(bff.sync.status.lastError, 'sync pass failed').toBeNull();
      const answer = await bff.app.inject({ url: `/api/search?q=${encodeURIComponent(order.businessKey)}`, headers: operator.headers });
      expect(answer.statusCode, answer.body).toBe(200);
      return (answer.json() as SearchResponse).cases[0] ?? null;
    }, 30_000, `case for ${order.orderId}`);
    const response = await bff.app.inject({ url: `/api/cases/${found.id}`, headers: operator.headers });
    expect(response.statusCode, response.body).toBe(200);
    return { order, detail: response.json() as CaseDetail };
  };

  it("shows only the failing step's input variables, the order's standing, the budget and the incident in the timeline", async () => {
    const { order, detail } = await caseOf('transient-availability');
    // checkAvailability's contract names one input: orderId.
    expect(detail.variables).toEqual([{ name: 'orderId', type: 'String', value: order.orderId, masked: false }]);
    expect(detail.order).not.toBeNull();
    expect(detail.order!.domainError).toBeNull();
    expect(detail.order!.stage).toBe('Checking stock availability');
    expect(detail.stageBudget).toMatchObject({ budget: 'PT5M' });
    expect(detail.stageBudget!.waitingSince).not.toBeNull();
    const raised = detail.timeline.filter((e) => e.action === 'INCIDENT_RAISED');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.text).toBe('Incident at Check availability (the worker failed).');
    expect(detail.parentProcessInstanceId).toBeNull();
  });

  it('masks a sensitive input of the failing step: its name is shown, its value never leaves the BFF', async () => {
    const { detail } = await caseOf('reserve-unknown-outcome');
    // reserveInventory's contract reads customerId, which the catalog lists as sensitive.
    expect(detail.variables.find((v) => v.name === 'customerId')).toEqual({ name: 'customerId', type: 'String', value: '***', masked: true });
    expect(JSON.stringify(detail)).not.toMatch(/CUST-\d{4}/);
  });

  it('links a case in the called billing process up to its parent instance', async () => {
    const { detail } = await caseOf('billing-failure');
    const child = await engine.get<{ superProcessInstanceId: string | null }>(`/history/process-instance/${detail.case.processInstanceId}`);
    expect(child.superProcessInstanceId).not.toBeNull();
    expect(detail.parentProcessInstanceId).toBe(child.superProcessInstanceId);
    // The badge on the failing step carries the case's category, so the diagram can colour it.
    expect(detail.diagram!.incidentActivities).toEqual([{ activityId: 'billingHandoffTask', count: 1, category: 'OPERATIONAL_UNSAFE' }]);
    expect(detail.variables.map((v) => v.name).every((n) => ['orderId', 'orderTotal', 'billingIdempotencyKey'].includes(n))).toBe(true);
  });
});
