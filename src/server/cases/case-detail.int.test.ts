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

  it('says what the instance waits for: the failed external task with its topic and no retries left', async () => {
    const { detail } = await caseOf('transient-availability');
    expect(detail.waitingFor[0]).toMatchObject({
      kind: 'EXTERNAL_TASK',
      activityId: 'checkAvailability',
      activityName: 'Check availability',
      name: 'check-availability',
      retriesLeft: 0,
      suspended: false,
    });
    // The worker's own failure text, for the technical details.
    expect(detail.waitingFor[0]!.lastError).toEqual(expect.any(String));
  });

  it('masks a sensitive input of the failing step: its name is shown, its value never leaves the BFF', async () => {
    const { detail } = await caseOf('reserve-unknown-outcome');
    // reserveInventory's contract reads customerId, which the catalog lists as sensitive.
    expect(detail.variables.find((v) => v.name === 'customerId')).toEqual({ name: 'customerId', type: 'String', value: '***', masked: true });
    expect(JSON.stringify(detail)).not.toMatch(/CUST-\d{4}/);
  });

  it("shows every variable the process's contracts declare, grouped per step, the case's step first, sensitive ones masked", async () => {
    const { order, detail } = await caseOf('reserve-unknown-outcome');
    const groups = detail.contractVariables!;
    const brief = (g: (typeof groups)[number]) => ({
      step: g.step,
      topic: g.topic,
      caseStep: g.caseStep,
      variables: g.variables.map((v) => `${v.direction} ${v.name}=${v.value === null ? '(not set)' : v.value}${v.masked ? ' [masked]' : ''}`),
    });
    // The order-orchestration contracts of workflows/order-orchestration/ops/topics.yaml: four topics, then the
    // three other steps that read variables. The order waits at Reserve inventory: nothing later has run.
    expect(groups.map(brief)).toEqual([
      {
        step: 'Reserve inventory', topic: 'reserve-inventory', caseStep: true,
        variables: [`input orderId=${order.orderId}`, 'input customerId=*** [masked]', `input reservationRequestId=RR-${order.orderId}-1`],
      },
      { step: 'Check availability', topic: 'check-availability', caseStep: false, variables: [`input orderId=${order.orderId}`, 'output rejectionReason=(not set)'] },
      { step: 'Generate order document', topic: 'generate-document', caseStep: false, variables: [`input orderId=${order.orderId}`, 'output documentRef=(not set)'] },
      {
        step: 'Notify customer', topic: 'notify-customer', caseStep: false,
        variables: [`input orderId=${order.orderId}`, 'input documentRef=(not set)', 'output notificationRef=(not set)'],
      },
      { step: 'Validate order', topic: null, caseStep: false, variables: ['input orderTotal=100'] },
      { step: 'Wait for reservation callback', topic: null, caseStep: false, variables: [`input orderId=${order.orderId}`, `input reservationRequestId=RR-${order.orderId}-1`] },
      { step: 'Billing handoff', topic: null, caseStep: false, variables: [`input orderId=${order.orderId}`, 'input orderTotal=100', `input billingIdempotencyKey=BILL-${order.orderId}`] },
    ]);
    // The masked value never leaves the BFF, wherever it would appear.
    expect(JSON.stringify(detail)).not.toContain('CUST-TEST');
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
