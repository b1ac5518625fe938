// Fixture builders: every fixture is parsed with its contract schema, so a mock that drifts from the
// contract fails the test that builds it instead of passing against a shape the BFF never sends.
import * as z from 'zod/mini';
import { commandResultSchema, type CommandResult } from '../../contracts/actions.js';
import { approvalListSchema, approvalSchema, type Approval, type ApprovalList } from '../../contracts/approvals.js';
import {
  caseDetailSchema,
  caseListSchema,
  caseSummarySchema,
  evidenceSchema,
  runbookSchema,
  timelineEntrySchema,
  type CaseDetail,
  type CaseList,
  type CaseSummary,
  type Evidence,
  type Runbook,
  type TimelineEntry,
} from '../../contracts/cases.js';
import { apiErrorSchema, type ApiError } from '../../contracts/common.js';
import { freezeListSchema, freezeSchema, type Freeze } from '../../contracts/freezes.js';
import { processSummarySchema, searchResponseSchema, type ProcessSummary, type SearchResponse } from '../../contracts/search.js';
import { healthSchema, sessionSchema, type Health, type Session } from '../../contracts/session.js';
import { engineListSchema, type EngineInfo, type EngineList } from '../../contracts/engines.js';

type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

/** The CSRF token every default session carries; tests assert it comes back on mutating requests. */
export const TEST_CSRF_TOKEN = 'csrf-token-for-tests';

export const ORDER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="order-orchestration" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="reserve-inventory" name="Reserve inventory" />
    <bpmn:serviceTask id="charge-payment" name="Charge payment" />
  </bpmn:process>
</bpmn:definitions>`;

export function buildCaseSummary(overrides: DeepPartial<CaseSummary> = {}): CaseSummary {
  const n = next();
  const base: CaseSummary = {
    id: `FO-2026-${String(n).padStart(6, '0')}`,
    status: 'OPEN',
    category: 'TECHNICAL_TRANSIENT',
    unclassified: false,
    severity: 'HIGH',
    source: 'INCIDENT',
    engineId: 'default',
    businessKey: 'order:ORD-100928',
    entity: { type: 'ORDER', id: 'ORD-100928' },
    processInstanceId: `pi-${n}`,
    processDefinitionKey: 'order-orchestration',
    processDefinitionVersion: 3,
    activityId: 'reserve-inventory',
    activityName: 'Reserve inventory',
    incidentType: 'failedExternalTask',
    topic: 'inventory.reserve',
    errorMessage: 'Inventory service timed out after 30000 ms',
    classificationRule: 'reserve-timeout',
    runbookId: 'reserve-inventory-timeout',
    team: 'fulfillment',
    assignee: null,
    slaDueAt: '2026-01-05T06:58:12Z',
    frozen: false,
    firstSeenAt: '2026-01-05T01:58:12Z',
    lastSeenAt: '2026-01-05T02:01:40Z',
    resolvedAt: null,
    reopenedCount: 0,
    cancelledInEngineAt: null,
    domainMismatch: null,
    version: 4,
  };
  return z.parse(caseSummarySchema, { ...base, ...overrides });
}

export function buildCaseList(items: CaseSummary[] = [buildCaseSummary(), buildCaseSummary()], total = items.length): CaseList {
  return z.parse(caseListSchema, { items, total });
}

export function buildProcessSummary(overrides: DeepPartial<ProcessSummary> = {}): ProcessSummary {
  const n = next();
  const base: ProcessSummary = {
    processInstanceId: `pi-${n}`,
    businessKey: 'order:ORD-100928',
    entity: { type: 'ORDER', id: 'ORD-100928' },
    processDefinitionKey: 'order-orchestration',
    processDefinitionName: 'Order orchestration',
    processDefinitionVersion: 3,
    state: 'ACTIVE',
    currentActivityIds: ['reserve-inventory'],
    startedAt: '2026-01-05T01:55:00Z',
    endedAt: null,
    openCaseCount: 0,
  };
  return z.parse(processSummarySchema, { ...base, ...overrides });
}

export function buildSearchResponse(overrides: DeepPartial<SearchResponse> = {}): SearchResponse {
  const base: SearchResponse = {
    query: 'ORD-100928',
    interpretedAs: { kind: 'order', value: 'ORD-100928' },
    cases: [],
    running: [],
    ended: [],
  };
  return z.parse(searchResponseSchema, { ...base, ...overrides });
}

export function buildRunbook(overrides: Partial<Runbook> = {}): Runbook {
  return z.parse(runbookSchema, {
    id: 'reserve-inventory-timeout',
    title: 'Inventory reservation timed out',
    symptoms: ['Incident at Reserve inventory with a timeout message'],
    impact: ['The order waits; no stock is held for it'],
    doNot: ['Do not retry before the status check: the reservation may already exist'],
    diagnosis: ['Check the reservation with the inventory service'],
    safeRecovery: ['If no reservation exists, retry the step'],
    verification: ['The process moves past Reserve inventory'],
    ...overrides,
  });
}

export function buildEvidence(overrides: Partial<Evidence> = {}): Evidence {
  return z.parse(evidenceSchema, {
    id: `ev-${next()}`,
    kind: 'STATUS_CHECK',
    service: 'inventory',
    finding: 'FOUND',
    reference: 'RSV-000004',
    summary: 'Reservation RSV-000004 exists for ORD-100928',
    recordedAt: '2026-01-05T02:05:00Z',
    recordedBy: 'olivia.ops',
    ...overrides,
  });
}

export function buildTimelineEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return z.parse(timelineEntrySchema, {
    at: '2026-01-05T02:05:00Z',
    actor: 'olivia.ops',
    action: 'CHECK_EXTERNAL_STATUS',
    outcome: 'DONE',
    text: 'Inventory says reservation RSV-000004 exists',
    ...overrides,
  });
}

type CaseDetailOverrides = { case?: Partial<CaseSummary> } & DeepPartial<Omit<CaseDetail, 'case'>>;

export function buildCaseDetail(overrides: CaseDetailOverrides = {}): CaseDetail {
  const item = buildCaseSummary(overrides.case);
  const started = item.processInstanceId !== null && item.activityId !== null;
  const activityId = item.activityId ?? 'none';
  const base: CaseDetail = {
    case: item,
    incidents: started
      ? [
          {
            id: `inc-${item.id}`,
            type: 'failedExternalTask',
            activityId,
            processInstanceId: item.processInstanceId ?? '',
            processDefinitionKey: item.processDefinitionKey,
            message: item.errorMessage,
            createdAt: item.firstSeenAt,
            isRootCause: true,
            open: true,
          },
        ]
      : [],
    process: {
      id: item.processInstanceId ?? '',
      businessKey: item.businessKey,
      definitionId: `${item.processDefinitionKey}:3:abc`,
      definitionKey: item.processDefinitionKey,
      definitionName: 'Order orchestration',
      definitionVersion: item.processDefinitionVersion,
      state: started ? 'ACTIVE' : 'UNKNOWN',
      startedAt: started ? '2026-01-05T01:55:00Z' : null,
    },
    diagram: started
      ? {
          processDefinitionId: `${item.processDefinitionKey}:3:abc`,
          processDefinitionKey: item.processDefinitionKey,
          bpmnXml: ORDER_XML,
          incidentActivities: [{ activityId, count: 1, category: 'TECHNICAL_TRANSIENT' }],
          activeActivityIds: [activityId],
          completedActivityIds: ['start'],
          takenFlowIds: [],
        }
      : null,
    path: started
      ? [
          { activityId: 'start', activityName: 'Order received', activityType: 'startEvent', startedAt: '2026-01-05T01:55:00Z', endedAt: '2026-01-05T01:55:00Z', canceled: false },
          { activityId, activityName: item.activityName, activityType: 'serviceTask', startedAt: '2026-01-05T01:55:01Z', endedAt: null, canceled: false },
        ]
      : [],
    liveError: null,
    liveStatus: 'LIVE',
    actions: {
      offered: [
        {
          action: 'RETRY_STEP',
          label: 'Retry step',
          effect: 'Sets the failed job retries to 1; the engine runs Reserve inventory again.',
          inputs: [],
          safe: false,
        },
      ],
      withheld: [],
    },
    runbook: buildRunbook(),
    diagnosisChecks: [],
    evidence: [],
    timeline: [],
    linked: [],
    pendingApproval: null,
    pendingCommand: null,
    commandProgress: null,
    order: item.entity?.type === 'ORDER' ? { domainStatus: 'IN_PROGRESS', domainError: null, stage: 'Reserving stock at the inventory', disagreement: null } : null,
    variables: started
      ? [
          { name: 'orderId', type: 'String', value: item.entity?.id ?? 'ORD-100928', masked: false },
          { name: 'customerEmail', type: 'String', value: '***', masked: true },
        ]
      : [],
    stageBudget: null,
    waitingFor: [],
    calledProcesses: [],
    parentProcessInstanceId: null,
    lastOutsideChange: null,
  };
  const { case: _case, ...rest } = overrides;
  return z.parse(caseDetailSchema, { ...base, ...rest });
}

export function buildCommandResult(overrides: DeepPartial<CommandResult> = {}): CommandResult {
  const base: CommandResult = {
    commandId: `cmd-${next()}`,
    action: 'RETRY_STEP',
    outcome: 'DONE',
    message: 'Retries set; the engine picked the job up.',
    case: buildCaseSummary({ status: 'IN_PROGRESS' }),
  };
  return z.parse(commandResultSchema, { ...base, ...overrides });
}

export function buildSession(overrides: DeepPartial<Session['user']> = {}, session: { csrfToken?: string; expiresAt?: string } = {}): Session {
  return z.parse(sessionSchema, {
    user: { id: 'dana.night', name: 'Dana Night', roles: ['support', 'tech_ops'], team: 'platform', ...overrides },
    csrfToken: session.csrfToken ?? TEST_CSRF_TOKEN,
    expiresAt: session.expiresAt ?? '2030-01-01T00:00:00Z',
  });
}

export function buildApproval(overrides: Partial<Omit<Approval, 'case'>> & { case?: Partial<CaseSummary> } = {}): Approval {
  const { case: caseOverrides, ...rest } = overrides;
  const item = buildCaseSummary({ status: 'AWAITING_APPROVAL', category: 'OPERATIONAL_UNSAFE', frozen: true, ...caseOverrides });
  return z.parse(approvalSchema, {
    id: `apr-${next()}`,
    caseId: item.id,
    action: 'RETRY_STEP',
    status: 'PENDING',
    requestedBy: 'olivia.ops',
    reason: 'Billing confirmed no charge was made',
    evidence: 'billing: NOT_FOUND for ORD-100928',
    caseVersion: item.version,
    requestedAt: '2026-01-05T02:10:00Z',
    expiresAt: '2026-01-05T03:10:00Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    executionOutcome: null,
    sideEffect: 'money',
    statusCheck: null,
    case: item,
    ...rest,
  });
}

export function buildApprovalList(items: Approval[] = [buildApproval()], counts: { pendingCount?: number; expiringSoonCount?: number } = {}): ApprovalList {
  return z.parse(approvalListSchema, {
    items,
    pendingCount: counts.pendingCount ?? items.filter((a) => a.status === 'PENDING').length,
    expiringSoonCount: counts.expiringSoonCount ?? 0,
  });
}

export function buildFreeze(overrides: Partial<Freeze> = {}): Freeze {
  return z.parse(freezeSchema, {
    id: `frz-${next()}`,
    engineId: 'default',
    processDefinitionKey: 'order-orchestration',
    activityId: 'charge-payment',
    reason: 'Billing double-charge storm',
    createdBy: 'theo.tech',
    createdAt: '2026-01-05T02:00:00Z',
    endsAt: '2026-01-05T04:00:00Z',
    endedAt: null,
    endedBy: null,
    state: 'ACTIVE',
    suspendedJobDefinitions: 0,
    suspendedInstances: 3,
    ...overrides,
  });
}

export function buildFreezeList(items: Freeze[] = [buildFreeze()]) {
  return z.parse(freezeListSchema, { items });
}

export function buildHealth(
  overrides: { reachable?: boolean; lastSuccessAt?: string | null; leader?: string | null; lastPassAt?: string | null; lastError?: string | null } = {},
): Health {
  return z.parse(healthSchema, {
    engine: { reachable: overrides.reachable ?? true, version: '7.23.0', checkedAt: '2026-01-05T02:00:00Z' },
    sync: {
      lastSuccessAt: overrides.lastSuccessAt ?? '2026-01-05T02:00:00Z',
      lastError: overrides.lastError ?? null,
      openCases: 2,
      ...(overrides.leader !== undefined ? { leader: overrides.leader } : {}),
      ...(overrides.lastPassAt !== undefined ? { lastPassAt: overrides.lastPassAt } : {}),
    },
  });
}

/** The configured engines: one by default (the single-engine UI names no engine). */
export function buildEngineList(engines: Partial<EngineInfo>[] = [{}]): EngineList {
  return z.parse(engineListSchema, {
    engines: engines.map((e, i) => ({ id: i === 0 ? 'default' : `engine-${i + 1}`, label: i === 0 ? 'Engine' : `Engine ${i + 1}`, flavor: 'camunda', cockpitUrl: null, ...e })),
  });
}

/** Two engines, Camunda and Operaton, as a workbench configured with ENGINES shows them. */
export const TWO_ENGINES: Partial<EngineInfo>[] = [
  { id: 'default', label: 'North (Camunda)', flavor: 'camunda', cockpitUrl: 'http://north.example:8080/camunda/app/cockpit/' },
  { id: 'south', label: 'South (Operaton)', flavor: 'operaton', cockpitUrl: 'http://south.example:8080/operaton/app/cockpit/' },
];

export function buildApiError(code: string, message: string): ApiError {
  return z.parse(apiErrorSchema, { code, message });
}

// --- Queue, bulk retry and audit (features/queue, features/audit) ---
import { bulkRetryResponseSchema, type BulkRetryResponse } from '../../contracts/actions.js';
import { auditEventSchema, auditListSchema, auditVerificationSchema, type AuditEvent, type AuditVerification } from '../../contracts/audit.js';
import { queueResponseSchema, type QueueResponse } from '../../contracts/queues.js';

export function buildQueueResponse(overrides: Partial<QueueResponse> = {}): QueueResponse {
  const items = overrides.items ?? [buildCaseSummary(), buildCaseSummary()];
  return z.parse(queueResponseSchema, {
    items,
    total: items.length,
    totalCapped: false,
    nextCursor: null,
    facets: {
      status: [{ value: 'OPEN', label: 'Open', count: items.length }],
      category: [
        { value: 'TECHNICAL_TRANSIENT', label: 'Technical – transient', count: 17 },
        { value: 'DATA_CORRUPTION', label: 'Data corruption', count: 3 },
      ],
      severity: [{ value: 'HIGH', label: 'High', count: items.length }],
      source: [{ value: 'INCIDENT', label: 'Incident', count: items.length }],
      processKey: [{ value: 'order-orchestration', label: 'order-orchestration', count: 20 }],
      activityId: [{ value: 'reserve-inventory', label: 'Reserve inventory', count: 12 }],
      team: [{ value: 'fulfillment', label: 'fulfillment', count: 20 }],
      assignee: [{ value: 'none', label: 'Unassigned', count: 20 }],
      engineId: [{ value: 'default', label: 'default', count: 20 }],
    },
    views: { mine: 0, team: 5, approvals: 1, unclassified: 2, stuck: 4, all: 20 },
    ...overrides,
  });
}

export function buildBulkRetryResponse(overrides: Partial<BulkRetryResponse> = {}): BulkRetryResponse {
  return z.parse(bulkRetryResponseSchema, {
    dryRun: true,
    processDefinitionKey: 'order-orchestration',
    activityId: 'reserve-inventory',
    scope: [],
    beyondCap: 0,
    excluded: [],
    results: [],
    ...overrides,
  });
}

export function buildAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const n = next();
  return z.parse(auditEventSchema, {
    seq: n,
    at: '2026-01-05T02:03:00Z',
    actor: 'theo.tech',
    roles: ['support', 'tech_ops'],
    team: 'platform',
    caseId: 'FO-2026-000042',
    businessKey: 'order:ORD-100928',
    action: 'RETRY_STEP',
    commandId: `cmd-${n}`,
    idempotencyKey: `idem-${n}`,
    outcome: 'DONE',
    detail: { retries: 1, comment: 'Inventory service is back' },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  });
}

export function buildAuditList(items: AuditEvent[] = [buildAuditEvent()], total = items.length) {
  return z.parse(auditListSchema, { items, total });
}

export function buildAuditVerification(overrides: Partial<AuditVerification> = {}): AuditVerification {
  return z.parse(auditVerificationSchema, {
    ok: true, checked: 120, headHash: 'c'.repeat(64), problems: [],
    anchor: { keyId: '3f9a0c2b7d1e4a56', checkpoints: 14, lastGood: { chainIndex: 118, at: '2026-03-02T08:55:00.000Z' }, invalidSignatures: 0, unreadableLines: 0 },
    ...overrides,
  });
}

// --- Dashboard and order view (imports kept with their builders so this block only appends) ---
import { dashboardSchema, type Dashboard } from '../../contracts/dashboard.js';
import { orderViewSchema, type OrderView } from '../../contracts/orders.js';

/** A 7-day dashboard with one figure in every section. */
export function buildDashboard(overrides: { range?: Dashboard['range']; technical?: Partial<Dashboard['technical']>; business?: Partial<Dashboard['business']> } = {}): Dashboard {
  return z.parse(dashboardSchema, {
    range: overrides.range ?? '7d',
    generatedAt: '2026-01-05T12:00:00Z',
    technical: {
      openByCategory: [
        { at: '2026-01-03T00:00:00Z', values: { TECHNICAL_TRANSIENT: 2, UNKNOWN_OUTCOME: 1 } },
        { at: '2026-01-04T00:00:00Z', values: { TECHNICAL_TRANSIENT: 4, UNKNOWN_OUTCOME: 1 } },
        { at: '2026-01-05T00:00:00Z', values: { TECHNICAL_TRANSIENT: 3, BUSINESS_UNMODELED: 2 } },
      ],
      incidentsByActivity: [
        {
          processKey: 'order-orchestration',
          processVersion: 3,
          activityId: 'reserve-inventory',
          activityName: 'Reserve inventory',
          count: 7,
          transient: 7,
          filter: 'processKey=order-orchestration&processVersion=3&activityId=reserve-inventory',
        },
        {
          processKey: 'billing',
          processVersion: 2,
          activityId: 'charge-customer',
          activityName: 'Charge customer',
          count: 3,
          transient: 0,
          filter: 'processKey=billing&processVersion=2&activityId=charge-customer',
        },
      ],
      commands: [{ action: 'RETRY_STEP', done: 5, pending: 1, failed: 2 }],
      syncLag: { medianMs: 850, p95Ms: 4200, lastSuccessAt: '2026-01-05T11:59:30Z' },
      workers: [
        { engineId: 'default', topic: 'billing.charge', waiting: 12, oldestWaitingSince: '2026-01-05T11:40:00Z', sampledAt: '2026-01-05T12:00:00Z', workerSeenAt: '2026-01-05T11:59:50Z', retrying: 0, lockExpiredNow: 0, lockExpirationsInRange: 0 },
        { engineId: 'default', topic: 'inventory.reserve', waiting: 1, oldestWaitingSince: '2026-01-05T11:59:00Z', sampledAt: '2026-01-05T12:00:00Z', workerSeenAt: '2026-01-05T11:59:50Z', retrying: 0, lockExpiredNow: 0, lockExpirationsInRange: 0 },
      ],
      deployments: [{ at: '2026-01-04T09:00:00Z', engineId: 'default', name: 'order-orchestration v3', definitions: ['order-orchestration'] }],
      retryingSteps: [],
      ...overrides.technical,
    },
    business: {
      falloutRate: { orders: 400, withCase: 18, rate: 0.045 },
      stuckByStage: [{ activityId: 'await-shipment', activityName: 'Waiting for shipment', count: 4, filter: 'view=stuck&activityId=await-shipment' }],
      approvalSlaBreaches: 2,
      unknownOutcomeOpen: 3,
      retryToSuccess: { retries: 20, resolvedAfterRetry: 15, ratio: 0.75 },
      manualRecoveries: 6,
      changedInEngine: { clearedOutside: 1, cancelledInEngine: 2 },
      openedPerBucket: [
        { at: '2026-01-04T00:00:00Z', values: { TECHNICAL_TRANSIENT: 3 } },
        { at: '2026-01-05T00:00:00Z', values: { TECHNICAL_TRANSIENT: 1, UNKNOWN_OUTCOME: 1 } },
      ],
      ...overrides.business,
    },
  });
}

export function buildOrderView(overrides: Partial<OrderView> = {}): OrderView {
  return z.parse(orderViewSchema, {
    orderId: 'ORD-100928',
    businessKey: 'order:ORD-100928',
    domain: { status: 'IN_FULFILLMENT', updatedAt: '2026-01-05T01:50:00Z', customerId: 'CUST-42' },
    domainError: null,
    stage: { activityId: 'reserve-inventory', label: "Waiting for the inventory's confirmation", since: '2026-01-05T01:55:00Z' },
    disagreement: null,
    processes: [buildProcessSummary({ processInstanceId: 'pi-order', openCaseCount: 1 })],
    openCases: [buildCaseSummary({ id: 'FO-2026-000777', processInstanceId: 'pi-order' })],
    timeline: [buildTimelineEntry()],
    ...overrides,
  });
}

// --- Catalog (features/catalog) ---
import { catalogViewSchema, type CatalogView } from '../../contracts/catalog.js';

export function buildCatalogView(overrides: Partial<CatalogView> = {}): CatalogView {
  return z.parse(catalogViewSchema, {
    version: '2026.01.1',
    teams: [
      { id: 'fulfillment', name: 'Fulfillment' },
      { id: 'billing-ops', name: 'Billing operations' },
    ],
    topics: [
      {
        topic: 'inventory.reserve',
        processDefinitionKey: 'order-orchestration',
        description: 'Reserves stock for every order line.',
        owner: 'fulfillment',
        activityIds: ['reserve-inventory'],
        inputVariables: ['orderId', 'lines'],
        outputVariables: ['reservationId'],
        failureSemantics: { technicalFailure: 'Timeout: retry', businessFailure: 'OUT_OF_STOCK error event', unknownOutcome: 'Check the reservation' },
        idempotencyKey: 'orderId',
        maxLockDuration: 'PT30S',
        maxLockDurationMs: 30_000,
        retryPolicy: 'R3/PT1M',
        retry: { attempts: 3, intervalMs: 60_000 },
        sideEffect: 'IDEMPOTENT',
        reconciliation: null,
      },
      {
        topic: 'payment.charge',
        processDefinitionKey: 'order-orchestration',
        description: 'Charges the customer once per order.',
        owner: 'billing-ops',
        activityIds: ['charge-payment'],
        inputVariables: ['orderId', 'amount'],
        outputVariables: ['chargeId'],
        failureSemantics: { technicalFailure: 'Never retry blindly', businessFailure: 'DECLINED error event', unknownOutcome: 'Ask the payment service' },
        idempotencyKey: null,
        maxLockDuration: 'PT60S',
        maxLockDurationMs: 60_000,
        retryPolicy: 'none',
        retry: { attempts: 0, intervalMs: 0 },
        sideEffect: 'NON_IDEMPOTENT',
        reconciliation: null,
      },
    ],
    stageBudgets: [],
    runbooks: [
      {
        id: 'reserve-inventory-timeout',
        title: 'Inventory reservation timed out',
        symptoms: ['Incident at Reserve inventory with a timeout'],
        impact: ['Order waits'],
        doNot: ['Do not cancel the order'],
        diagnosis: ['Check the inventory service health'],
        safeRecovery: ['Retry the step once the service is back'],
        verification: ['The process moves past Reserve inventory'],
      },
      {
        id: 'payment-unknown-outcome',
        title: 'Payment outcome unknown',
        symptoms: ['Charge call timed out'],
        impact: ['Customer may be charged'],
        doNot: ['Do not retry before checking the charge'],
        diagnosis: ['Ask the payment service for the charge'],
        safeRecovery: ['Confirm the outcome from the evidence'],
        verification: ['Exactly one charge exists'],
      },
    ],
    actions: [
      {
        id: 'RETRY_STEP',
        label: 'Retry step',
        description: 'Sets the failed job retries to 1.',
        roles: ['tech_ops'],
        categories: ['TECHNICAL_TRANSIENT'],
        requiredEvidence: 'none',
        safe: false,
        domainEffect: 'Calls the service again',
        engineEffect: 'Job retries set to 1',
      },
    ],
    rules: [
      {
        id: 'reserve-timeout',
        processDefinitionKey: 'order-orchestration',
        activityId: 'reserve-inventory',
        topic: 'inventory.reserve',
        incidentType: 'failedExternalTask',
        messagePattern: 'timed out',
        category: 'TECHNICAL_TRANSIENT',
        severity: 'HIGH',
        runbookId: 'reserve-inventory-timeout',
      },
    ],
    ...overrides,
  });
}
