import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { copyReferenceCatalog, editCatalogFile, referenceCatalog } from '../catalog/testing.js';
import { classificationNeedsDetails, classifyIncident, type IncidentFacts } from './classify.js';
import { factsOf, type IncidentCapture } from './fixtures/types.js';

// Incidents captured from the real engine with the demo's workers (src/server/fallout/fixtures/capture.ts).
const capture = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'incidents.json'), 'utf8')) as IncidentCapture;
const rootCauses = capture.incidents.filter((c) => c.incident.id === c.incident.rootCauseIncidentId);

let catalog: Catalog;
beforeAll(async () => {
  catalog = await referenceCatalog();
});

// Expected outcomes written by hand from the playbook's taxonomy (§7, §8.1) and the worker contracts.
describe('classifyIncident on incidents captured from the engine', () => {
  it('has the captured root causes the table below expects', () => {
    expect(rootCauses.map((c) => `${c.processDefinition.key}/${c.incident.activityId}`).sort()).toEqual([
      'billing-handoff/billingHandoffTask',
      'order-orchestration/checkAvailability',
      'order-orchestration/generateDocument',
      'order-orchestration/notifyCustomer',
      'order-orchestration/reserveInventory',
      'order-orchestration/validateOrder',
    ]);
  });

  it.each([
    // activity, category, severity, runbook, rule, side effect, team
    ['checkAvailability', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'dependency-unavailable', 'availability-unavailable', 'read', 'fulfillment'],
    ['reserveInventory', 'UNKNOWN_OUTCOME', 'HIGH', 'inventory-reservation-unknown-outcome', 'reserve-timeout-after-send', 'inventory', 'fulfillment'],
    ['billingHandoffTask', 'OPERATIONAL_UNSAFE', 'CRITICAL', 'billing-handoff-failure', 'billing-gateway-error', 'money', 'billing-ops'],
    ['validateOrder', 'TECHNICAL_PERSISTENT', 'HIGH', 'incident-spike-after-deployment', 'expression-needs-missing-variable', 'none', 'platform'],
    // Transient only because their contracts declare artifact idempotency keys (DOC-…, NOTIFY-…-fulfilled).
    ['generateDocument', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'document-generation-failure', 'document-generation-failed', 'document', 'fulfillment'],
    ['notifyCustomer', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'notification-duplicate-risk', 'notification-failed', 'notification', 'fulfillment'],
  ])('%s → %s', (activityId, category, severity, runbookId, rule, sideEffect, team) => {
    const captured = rootCauses.find((c) => c.incident.activityId === activityId)!;
    expect(classifyIncident(catalog, factsOf(captured))).toEqual({ category, severity, runbookId, rule, unclassified: false, sideEffect, team });
  });

  it('does not look at business keys or order ids: the same failure on another order classifies the same', () => {
    for (const captured of rootCauses) {
      const facts = factsOf(captured);
      const otherOrder = (text: string | null) =>
        text?.replace(/ORD-\d+/g, 'ORD-555001').replace(/RR-ORD-555001-\d+/g, 'RR-ORD-555001-7').replace(/BILL-ORD-\d+/g, 'BILL-ORD-555001') ?? null;
      const moved = { ...facts, message: otherOrder(facts.message), details: otherOrder(facts.details) };
      if (facts.message?.match(/ORD-\d+/)) expect(moved.message).not.toBe(facts.message);
      expect(classifyIncident(catalog, moved), captured.incident.activityId).toEqual(classifyIncident(catalog, facts));
    }
  });
});

describe('classifyIncident on failures the demo does not produce', () => {
  const base: IncidentFacts = {
    processDefinitionKey: 'order-orchestration',
    processDefinitionVersion: 3,
    activityId: 'reserveInventory',
    incidentType: 'failedExternalTask',
    topic: 'reserve-inventory',
    message: null,
    details: null,
  };

  it.each<[string, Partial<IncidentFacts>, string, string, string, boolean]>([
    ['stock service refused the connection', { activityId: 'checkAvailability', topic: 'check-availability', message: 'AVAILABILITY_UNAVAILABLE: stock service refused the connection' }, 'TECHNICAL_TRANSIENT', 'MEDIUM', 'availability-unavailable', false],
    ['inventory dropped the connection after sending', { message: 'RESERVATION_UNKNOWN_OUTCOME requestId=RR-ORD-1-1: inventory dropped the connection after the request was sent; the reservation may exist' }, 'UNKNOWN_OUTCOME', 'HIGH', 'reserve-connection-dropped-after-send', false],
    ['reservation never sent', { message: 'RESERVATION_NOT_SENT requestId=RR-ORD-1-1: inventory refused the connection; nothing was sent' }, 'TECHNICAL_TRANSIENT', 'MEDIUM', 'reserve-not-sent', false],
    ['inventory answered an error', { message: 'RESERVATION_FAILED requestId=RR-ORD-1-1: inventory answered 409' }, 'UNKNOWN_OUTCOME', 'HIGH', 'reserve-error-answer', false],
    ['billing timed out after sending', { processDefinitionKey: 'billing-handoff', processDefinitionVersion: 1, activityId: 'billingHandoffTask', topic: 'billing-handoff', message: 'BILLING_HANDOFF_UNKNOWN_OUTCOME idempotencyKey=BILL-ORD-1: no answer from billing within 1500 ms; the charge may exist' }, 'OPERATIONAL_UNSAFE', 'CRITICAL', 'billing-outcome-unknown', false],
    ['a missing variable in the money step stays frozen (process rule before shared rule)', { processDefinitionKey: 'billing-handoff', processDefinitionVersion: 1, activityId: 'billingHandoffTask', topic: 'billing-handoff', message: 'MISSING_VARIABLE: process variable billingIdempotencyKey is missing' }, 'OPERATIONAL_UNSAFE', 'CRITICAL', 'billing-any-failure', false],
    ['a missing variable elsewhere is a deployment problem', { message: 'MISSING_VARIABLE: process variable reservationRequestId is missing' }, 'TECHNICAL_PERSISTENT', 'HIGH', 'worker-missing-variable', false],
    ['a worker defect after a possible effect', { activityId: 'notifyCustomer', topic: 'notify-customer', message: 'WORKER_ERROR: Cannot read properties of undefined' }, 'UNKNOWN_OUTCOME', 'HIGH', 'worker-defect-after-possible-effect', false],
    ['a worker defect on a read', { activityId: 'checkAvailability', topic: 'check-availability', message: 'WORKER_ERROR: Cannot read properties of undefined' }, 'TECHNICAL_PERSISTENT', 'HIGH', 'worker-defect-on-safe-step', false],
    ['the approval SLA timer failed', { processDefinitionKey: 'quote-approval', processDefinitionVersion: 1, activityId: 'approvalSlaBreached', incidentType: 'failedJob', topic: null, message: 'NullPointerException' }, 'TECHNICAL_PERSISTENT', 'HIGH', 'approval-sla-timer-failed', false],
    ['a bad expression in change-order', { processDefinitionKey: 'change-order', processDefinitionVersion: 1, activityId: 'validateChange', incidentType: 'failedJob', topic: null, message: "Unknown property used in expression: ${changeOrderId != null}. Cause: Cannot resolve identifier 'changeOrderId'" }, 'TECHNICAL_PERSISTENT', 'HIGH', 'expression-needs-missing-variable', false],
    // No rule: the safe defaults.
    ['an unknown topic', { activityId: 'shipOrder', topic: 'ship-order', message: 'SHIPPING_FAILED: carrier answered 500' }, 'UNKNOWN_OUTCOME', 'HIGH', 'unclassified-side-effecting', true],
    ['an odd message at a side-effecting step is never transient', { activityId: 'notifyCustomer', topic: 'notify-customer', message: 'MAIL_UNAVAILABLE: smtp 503' }, 'UNKNOWN_OUTCOME', 'HIGH', 'unclassified-side-effecting', true],
    ['an odd message at a read step', { activityId: 'checkAvailability', topic: 'check-availability', message: 'NullPointerException' }, 'TECHNICAL_PERSISTENT', 'MEDIUM', 'unclassified', true],
    ['a failed job the catalog does not know', { processDefinitionKey: 'returns', activityId: 'refundPayment', incidentType: 'failedJob', topic: null, message: 'java.lang.IllegalStateException' }, 'UNKNOWN_OUTCOME', 'HIGH', 'unclassified-side-effecting', true],
  ])('%s', (_, facts, category, severity, rule, unclassified) => {
    const result = classifyIncident(catalog, { ...base, ...facts });
    expect({ category: result.category, severity: result.severity, rule: result.rule, unclassified: result.unclassified }).toEqual({ category, severity, rule, unclassified });
    if (unclassified) expect(result.runbookId).toBe('unclassified-failure');
  });

  it('reports an unknown step as side-effecting with no owning team', () => {
    const result = classifyIncident(catalog, { ...base, activityId: 'shipOrder', topic: 'ship-order', message: 'boom' });
    expect(result).toMatchObject({ sideEffect: 'contract', team: 'platform' });
  });
});

describe('classifyIncident follows the catalog it is given', () => {
  let dir: string;
  let custom: Catalog;
  beforeAll(async () => {
    dir = copyReferenceCatalog();
    // A version-bound rule with a details pattern, tried before the process's own rules.
    editCatalogFile(
      dir,
      'order-orchestration/ops/rules.yaml',
      'rules:\n',
      [
        'rules:',
        '  - id: availability-v3-gateway',
        '    topic: check-availability',
        '    versions: { min: 3, max: 4 }',
        '    detailsPattern: status=502',
        '    category: TECHNICAL_PERSISTENT',
        '    severity: LOW',
        '    runbook: dependency-unavailable',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'shared', 'zz-note.yaml'), '# an empty shared file is allowed\n');
    custom = await loadCatalog(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const facts: IncidentFacts = {
    processDefinitionKey: 'order-orchestration',
    processDefinitionVersion: 3,
    activityId: 'checkAvailability',
    incidentType: 'failedExternalTask',
    topic: 'check-availability',
    message: 'AVAILABILITY_UNAVAILABLE: stock service answered 502',
    details: 'attempt=3/3\nstatus=502',
  };

  it('matches versions and details patterns', () => {
    expect(classifyIncident(custom, facts)).toMatchObject({ rule: 'availability-v3-gateway', category: 'TECHNICAL_PERSISTENT', severity: 'LOW' });
    expect(classifyIncident(custom, { ...facts, processDefinitionVersion: 5 }).rule).toBe('availability-unavailable');
    expect(classifyIncident(custom, { ...facts, processDefinitionVersion: 2 }).rule).toBe('availability-unavailable');
    expect(classifyIncident(custom, { ...facts, processDefinitionVersion: null }).rule).toBe('availability-unavailable');
    expect(classifyIncident(custom, { ...facts, details: 'status=503' }).rule).toBe('availability-unavailable');
  });

  it('asks for the details only where a rule testing them could decide', () => {
    const { details: _details, ...withoutDetails } = facts;
    // v3 of check-availability: the details rule comes first and matches everything else.
    expect(classificationNeedsDetails(custom, withoutDetails)).toBe(true);
    // v5: no details rule applies; the process's own rule decides without them.
    expect(classificationNeedsDetails(custom, { ...withoutDetails, processDefinitionVersion: 5 })).toBe(false);
    expect(classificationNeedsDetails(custom, { ...withoutDetails, topic: 'reserve-inventory', activityId: 'reserveInventory' })).toBe(false);
  });

  it('never needs details with the reference catalog, whose rules do not test them', async () => {
    const { details: _details, ...withoutDetails } = facts;
    expect(classificationNeedsDetails(await referenceCatalog(), withoutDetails)).toBe(false);
  });

  it('keeps process rules to their own process', () => {
    expect(classifyIncident(custom, { ...facts, processDefinitionKey: 'billing-handoff' }).rule).toBe('dependency-unavailable-on-safe-step');
  });
});
