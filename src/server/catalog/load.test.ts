import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from './load.js';
import { copyReferenceCatalog, editCatalogFile, referenceCatalog } from './testing.js';

describe('the reference catalog', () => {
  it('loads, with the version and the teams of the shared folder', async () => {
    const catalog = await referenceCatalog();
    expect(catalog.version).toBe('2026.12.2');
    expect(catalog.teams.map((t) => t.id)).toEqual(['fulfillment', 'billing-ops', 'platform', 'sales-ops']);
    expect(catalog.sensitiveVariables).toContain('customerId');
    expect(catalog.slaFor('CRITICAL')).toBe(60 * 60 * 1000);
    expect(catalog.slaFor('LOW')).toBe(72 * 60 * 60 * 1000);
  });

  it('holds a worker contract for every topic the demo workers serve', async () => {
    const catalog = await referenceCatalog();
    const topics = ['check-availability', 'reserve-inventory', 'billing-handoff', 'generate-document', 'notify-customer'];
    expect(topics.map((t) => [t, catalog.topic(t)?.sideEffect])).toEqual([
      ['check-availability', 'read'],
      ['reserve-inventory', 'inventory'],
      ['billing-handoff', 'money'],
      ['generate-document', 'document'],
      ['notify-customer', 'notification'],
    ]);
    const reserve = catalog.topic('reserve-inventory')!;
    expect(reserve).toMatchObject({
      processDefinitionKey: 'order-orchestration',
      owner: 'fulfillment',
      activityIds: ['reserveInventory'],
      idempotencyKey: 'reservationRequestId',
      maxLockDurationMs: 20_000,
      retry: { attempts: 3, intervalMs: 1000 },
    });
    expect(reserve.reconciliation).toEqual({
      service: 'inventory',
      statusCheck: { path: '/reservations/{reservationRequestId}', foundPath: 'exists', referencePath: 'reservation.reservationId' },
      confirm: { service: 'orders', path: '/orders/{orderId}/recovery/confirm-reservation', message: 'ReservationConfirmed', referenceVariable: 'reservationId', messageTarget: 'process' },
      markFailed: { service: 'orders', path: '/orders/{orderId}/recovery/mark-reservation-failed' },
    });
    expect(catalog.topic('billing-handoff')!.reconciliation).toMatchObject({
      service: 'billing',
      statusCheck: { path: '/charges/{billingIdempotencyKey}', foundPath: 'chargeCount', referencePath: 'charge.billingReference' },
      confirm: { path: '/orders/{orderId}/recovery/confirm-billing', message: 'BillingHandoffConfirmed', referenceVariable: 'billingReference', messageTarget: 'rootProcess' },
      markFailed: null,
    });
    expect(catalog.topic('no-such-topic')).toBeNull();
  });

  it('describes steps: external tasks through their topic, jobs on their own; unknown steps count as contract', async () => {
    const catalog = await referenceCatalog();
    expect(catalog.activity('order-orchestration', 'reserveInventory')).toMatchObject({ kind: 'externalTask', topic: 'reserve-inventory', sideEffect: 'inventory', owner: 'fulfillment' });
    expect(catalog.activity('order-orchestration', 'validateOrder')).toMatchObject({ kind: 'job', topic: null, sideEffect: 'none', owner: 'platform' });
    expect(catalog.activity('billing-handoff', 'reserveInventory')).toBeNull();

    expect(catalog.sideEffectOf('order-orchestration', 'validateOrder', null)).toBe('none');
    expect(catalog.sideEffectOf('order-orchestration', 'reserveInventory', null)).toBe('inventory');
    expect(catalog.sideEffectOf('billing-handoff', 'billingHandoffTask', 'billing-handoff')).toBe('money');
    expect(catalog.sideEffectOf('order-orchestration', 'shipOrder', 'ship-order')).toBe('contract');
    expect(catalog.sideEffectOf('some-process', 'someJob', null)).toBe('contract');

    expect(catalog.ownerOf('billing-handoff', 'billingHandoffTask', 'billing-handoff')).toBe('billing-ops');
    expect(catalog.ownerOf('quote-approval', 'approvalSlaBreached', null)).toBe('sales-ops');
    // A step the catalog does not describe belongs to the triage team, so its cases show in a team queue.
    expect(catalog.ownerOf('some-process', 'someJob', null)).toBe('platform');
  });

  it('lists the stage budgets in milliseconds', async () => {
    const budgets = (await referenceCatalog()).stageBudgets();
    expect(budgets.find((b) => b.activityId === 'waitForReservationCallback')).toEqual({
      processDefinitionKey: 'order-orchestration',
      activityId: 'waitForReservationCallback',
      budget: 'PT2M',
      budgetMs: 120_000,
      category: 'UNKNOWN_OUTCOME',
      severity: 'HIGH',
      runbookId: 'stuck-waiting-for-reservation-callback',
    });
    expect(budgets.find((b) => b.activityId === 'approveQuote')).toMatchObject({ processDefinitionKey: 'quote-approval', budgetMs: 25 * 60 * 60 * 1000 });
    expect(budgets.map((b) => `${b.processDefinitionKey}/${b.activityId}`).sort()).toEqual([
      'billing-handoff/billingHandoffTask',
      'change-order/reviewChange',
      'fallout-handling/handleFalloutCase',
      'order-orchestration/checkAvailability',
      'order-orchestration/generateDocument',
      'order-orchestration/notifyCustomer',
      'order-orchestration/reserveInventory',
      'order-orchestration/waitForReservationCallback',
      'quote-approval/approveQuote',
    ]);
  });

  it('has a runbook for each playbook §15.2 failure that applies to the reference processes', async () => {
    const catalog = await referenceCatalog();
    const required = [
      'quote-approval-task-stuck',
      'approval-sla-timer-not-firing',
      'order-workflow-not-started',
      'duplicate-order-submit',
      'inventory-reservation-unknown-outcome',
      'billing-handoff-failure',
      'document-generation-failure',
      'notification-duplicate-risk',
      'incident-spike-after-deployment',
      'external-task-worker-down',
      'fallout-case-cannot-be-resolved',
      'cancelled-order-still-running',
      'stuck-waiting-for-reservation-callback',
      'duplicate-reservation-callback',
      'unclassified-failure',
    ];
    for (const id of required) {
      const runbook = catalog.runbook(id);
      expect(runbook, id).not.toBeNull();
      for (const list of [runbook!.symptoms, runbook!.impact, runbook!.doNot, runbook!.diagnosis, runbook!.safeRecovery, runbook!.verification]) {
        expect(list.length, id).toBeGreaterThan(0);
      }
    }
    expect(catalog.runbook('no-such-runbook')).toBeNull();
  });

  it('defines every action with the roles of the issue', async () => {
    const catalog = await referenceCatalog();
    expect(catalog.action('CHECK_EXTERNAL_STATUS').roles).toEqual(['fulfillment_ops', 'tech_ops', 'supervisor']);
    expect(catalog.action('RETRY_STEP').roles).toEqual(['fulfillment_ops', 'tech_ops']);
    expect(catalog.action('CONFIRM_EXTERNAL_OUTCOME')).toMatchObject({ roles: ['fulfillment_ops', 'supervisor'], requiredEvidence: 'FOUND', safe: false });
    expect(catalog.action('MARK_FAILED_AND_RETRY')).toMatchObject({ roles: ['fulfillment_ops', 'supervisor'], requiredEvidence: 'NOT_FOUND' });
    expect(catalog.action('START_MISSING_WORKFLOW').roles).toEqual(['fulfillment_ops', 'tech_ops']);
    expect(catalog.action('ESCALATE').inputs).toEqual([
      { name: 'team', label: 'Team', kind: 'team', required: false },
      { name: 'reason', label: 'Reason', kind: 'longtext', required: true },
    ]);
    expect(catalog.action('REQUEST_UNSAFE_RETRY').roles).toEqual(['fulfillment_ops', 'tech_ops']);
    for (const id of ['ASSIGN', 'ANNOTATE', 'RESOLVE'] as const) {
      expect(catalog.action(id)).toMatchObject({ roles: ['fulfillment_ops', 'tech_ops', 'supervisor'], safe: true });
    }
  });

  it('orders the rules: every process rule before the shared defaults', async () => {
    const rules = (await referenceCatalog()).rules;
    const firstShared = rules.findIndex((r) => r.source === path.join('workflows', 'shared', 'rules.yaml'));
    expect(firstShared).toBeGreaterThan(0);
    expect(rules.slice(0, firstShared).every((r) => r.processDefinitionKey !== null)).toBe(true);
    expect(rules.slice(firstShared).map((r) => r.id)).toContain('dependency-unavailable-on-safe-step');
  });
});

describe('a broken catalog stops the start', () => {
  const dirs: string[] = [];
  const copy = () => {
    const dir = copyReferenceCatalog();
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const problemsOf = async (dir: string) => {
    const error = await loadCatalog(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).problems;
  };
  const shown = (file: string) => path.relative(process.cwd(), file);

  it('names the file, the path and the problem (retry policy)', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'order-orchestration/ops/topics.yaml', /(reserve-inventory:[\s\S]*?)retryPolicy: R3\/PT1S/, '$1retryPolicy: three times');
    const error = await loadCatalog(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as Error).message).toBe(`${shown(file)}: topics.reserve-inventory.retryPolicy: expected an ISO-8601 repeat like R3/PT5S`);
  });

  it('reports YAML syntax errors with the line', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'billing-handoff/ops/budgets.yaml', 'budgets:\n', 'budgets:\n  broken: [PT5M\n');
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(shown(file));
    expect(problems[0]!.path).toMatch(/^line \d+, column \d+$/);
    expect(problems[0]!.message).toMatch(/^YAML syntax: /);
  });

  it('refuses an unknown side-effect class', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'order-orchestration/ops/topics.yaml', 'sideEffect: read', 'sideEffect: teleport');
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      { file: shown(file), path: 'topics.check-availability.sideEffect', message: expect.stringMatching(/expected one of .*"none".*"contract"/) },
    ]);
  });

  it('refuses a rule naming a runbook that does not exist', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'order-orchestration/ops/rules.yaml', 'runbook: document-generation-failure', 'runbook: document-generaton-failure');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'rules[5].runbook', message: 'runbook document-generaton-failure is not defined in the catalog' },
    ]);
  });

  it('loads the alert thresholds, and refuses an alert step the catalog does not describe or a threshold that is not a count', async () => {
    const catalog = await referenceCatalog();
    expect(catalog.alerts).toMatchObject({
      evaluateEveryMs: 15_000,
      resendEveryMs: 60_000,
      incidentSpike: { baseline: 3, steps: [{ process: 'billing-handoff', activity: 'billingHandoffTask', baseline: 1 }] },
      approvalSla: { windowMs: 86_400_000, steps: [{ process: 'quote-approval', activity: 'approveQuote' }] },
      lockExpirationSpike: { windowMs: 900_000, baseline: 3, topics: [{ topic: 'reserve-inventory', baseline: 1 }], severity: 'HIGH', runbook: 'external-task-worker-down' },
      deploymentMismatch: { workerSeenWithinMs: 900_000, severity: 'HIGH', firstAction: 'Deploy the worker or roll back the version before more orders reach the step', runbook: 'incident-spike-after-deployment' },
    });
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/alerts.yaml', 'activity: approveQuote', 'activity: aproveQuote');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'alerts.approvalSla.steps[0]', message: "activity aproveQuote is not described in quote-approval's topics or activities" },
    ]);
    const other = copy();
    const otherFile = editCatalogFile(other, 'shared/alerts.yaml', 'baseline: 3', 'baseline: -1');
    expect(await problemsOf(other)).toEqual([{ file: shown(otherFile), path: 'alerts.incidentSpike.baseline', message: expect.stringMatching(/>=0/) }]);
  });

  it('refuses a lock expiration window that is not a duration, a topic baseline that is not a count, and an alert runbook that does not exist', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/alerts.yaml', 'window: PT15M', 'window: 15 minutes');
    expect(await problemsOf(dir)).toEqual([{ file: shown(file), path: 'alerts.lockExpirationSpike.window', message: expect.stringMatching(/ISO-8601 duration/) }]);
    const second = copy();
    const secondFile = editCatalogFile(second, 'shared/alerts.yaml', '{ topic: reserve-inventory, baseline: 1 }', '{ topic: reserve-inventory, baseline: 1.5 }');
    expect(await problemsOf(second)).toEqual([{ file: shown(secondFile), path: 'alerts.lockExpirationSpike.topics[0].baseline', message: expect.stringMatching(/int/i) }]);
    const third = copy();
    const thirdFile = editCatalogFile(third, 'shared/alerts.yaml', 'runbook: incident-spike-after-deployment', 'runbook: incident-spike-after-deploy');
    expect(await problemsOf(third)).toEqual([{ file: shown(thirdFile), path: 'alerts.deploymentMismatch.runbook', message: 'runbook incident-spike-after-deploy is not defined in the catalog' }]);
  });

  it('refuses a pattern that is not a regular expression', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/rules.yaml', 'messagePattern: ^DATA_INVARIANT\\b', 'messagePattern: ^DATA_INVARIANT(\\b');
    const problems = await problemsOf(dir);
    expect(problems).toEqual([{ file: shown(file), path: 'rules[4].messagePattern', message: expect.stringMatching(/^not a valid regular expression: /) }]);
  });

  it('refuses a pattern that can backtrack catastrophically on an engine message', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/rules.yaml', 'messagePattern: ^DATA_INVARIANT\\b', 'messagePattern: ^(DATA_+)+INVARIANT$');
    expect(await problemsOf(dir)).toEqual([
      {
        file: shown(file),
        path: 'rules[4].messagePattern',
        message: 'this pattern can backtrack catastrophically (nested or repeated quantifiers such as (a+)+ or (.*a){12}); rewrite it without them',
      },
    ]);
  });

  it('refuses a transient rule on a money step whose contract names no idempotency key', async () => {
    const dir = copy();
    editCatalogFile(dir, 'billing-handoff/ops/topics.yaml', 'idempotencyKey: billingIdempotencyKey', 'idempotencyKey: null');
    // With a runbook fit for a transient failure, so the only problem left is the missing key.
    const rules = editCatalogFile(dir, 'billing-handoff/ops/rules.yaml', /(id: billing-gateway-error[\s\S]*?)category: OPERATIONAL_UNSAFE([\s\S]*?)runbook: billing-handoff-failure/, '$1category: TECHNICAL_TRANSIENT$2runbook: dependency-unavailable');
    expect(await problemsOf(dir)).toEqual([
      {
        file: shown(rules),
        path: 'rules[0].category',
        message:
          'a TECHNICAL_TRANSIENT rule offers a plain retry, but it matches billingHandoffTask of billing-handoff, which moves money and whose worker ' +
          'contract (topic billing-handoff) names no idempotency key; give the step an idempotency key or classify the failure as UNKNOWN_OUTCOME or OPERATIONAL_UNSAFE',
      },
    ]);
  });

  it('accepts the same transient rule while the contract keeps its idempotency key', async () => {
    const dir = copy();
    editCatalogFile(dir, 'billing-handoff/ops/rules.yaml', /(id: billing-gateway-error[\s\S]*?)category: OPERATIONAL_UNSAFE([\s\S]*?)runbook: billing-handoff-failure/, '$1category: TECHNICAL_TRANSIENT$2runbook: dependency-unavailable');
    await expect(loadCatalog(dir)).resolves.toBeDefined();
  });

  it('refuses a transient rule that could match any step, including ones the catalog does not describe', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/rules.yaml', /(id: dependency-unavailable-on-safe-step[\s\S]*?) {4}sideEffect: \[none, read\]\n/, '$1');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file, p.path])).toContainEqual([shown(file), expect.stringMatching(/^rules\[\d+\]\.category$/)]);
    expect(problems.map((p) => p.message)).toContain(
      'a TECHNICAL_TRANSIENT rule without topic, activityId or sideEffect could match a step the catalog does not describe, which counts as changing a contract; narrow it (e.g. sideEffect: [none, read])',
    );
  });

  it('refuses a runbook that names an action by a label no action has', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/runbooks.yaml', 'After the fix, run "Retry step".', 'After the fix, run "Retry the step".');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'runbooks[3].safeRecovery[1]', message: expect.stringMatching(/^names "Retry the step", which is not the label of any action \("check external status", /) },
    ]);
  });

  it('refuses a runbook whose recovery names an action its cases are never offered', async () => {
    const dir = copy();
    // Stuck cases at the callback wait, now called a business situation: the check and confirm it names are not allowed there.
    editCatalogFile(dir, 'order-orchestration/ops/budgets.yaml', 'budget: PT2M, category: UNKNOWN_OUTCOME', 'budget: PT2M, category: BUSINESS_UNMODELED');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message)).toContain(
      'names "Confirm external outcome", but it cannot be offered on cases from the stage budget of waitForReservationCallback ' +
        `(${shown(path.join(dir, 'order-orchestration/ops/budgets.yaml'))}): the action is not allowed for BUSINESS_UNMODELED cases (its categories: UNKNOWN_OUTCOME, OPERATIONAL_UNSAFE)`,
    );
    expect(problems.every((p) => p.file.endsWith('order-orchestration/ops/runbooks.yaml'))).toBe(true);
  });

  it('refuses a runbook that tells a stuck case to retry, which has no incident to retry', async () => {
    const dir = copy();
    const file = path.join(dir, 'shared/runbooks.yaml');
    editCatalogFile(dir, 'order-orchestration/ops/budgets.yaml', 'checkAvailability: { budget: PT5M, category: TECHNICAL_PERSISTENT, severity: HIGH, runbook: external-task-worker-down }', 'checkAvailability: { budget: PT5M, category: TECHNICAL_PERSISTENT, severity: HIGH, runbook: worker-defect }');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'runbooks[3].safeRecovery[1]', message: expect.stringMatching(/^names "Retry step", but it cannot be offered on cases from the stage budget of checkAvailability .*: a stuck case has no incident to retry$/) },
    ]);
  });

  it('insists on exactly one triage team', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/catalog.yaml', '    triage: true\n', '');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'teams', message: 'mark exactly one team with triage: true (it owns cases at steps the catalog does not describe); 0 are marked' },
    ]);
  });

  it('refuses a reconciliation placeholder that is not an input variable of the topic', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'order-orchestration/ops/topics.yaml', 'path: "/reservations/{reservationRequestId}"', 'path: "/reservations/{requestId}"');
    expect(await problemsOf(dir)).toEqual([
      {
        file: shown(file),
        path: 'topics.reserve-inventory.reconciliation.statusCheck.path',
        message: 'placeholder {requestId} is not among the input variables (orderId, customerId, reservationRequestId)',
      },
    ]);
  });

  it('refuses a catalog where an action has no definition', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/actions.yaml', /\n {2}RESOLVE:[\s\S]*$/, '\n');
    const problems = await problemsOf(dir);
    expect(problems[0]).toEqual({ file: shown(file), path: 'actions', message: 'no definition for action RESOLVE' });
    // Runbooks that tell the operator to "Resolve" now point to nothing, and say so.
    expect(problems.slice(1).map((p) => p.message)).toEqual(problems.slice(1).map(() => expect.stringMatching(/^names "Resolve", which is not the label of any action/)));
  });

  it('refuses an action form that does not match the request schema', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'shared/actions.yaml', '{ name: reference, label: External reference found by the status check, kind: text, required: true }', '{ name: ref, label: Reference, kind: text, required: true }');
    expect(await problemsOf(dir)).toEqual([
      { file: shown(file), path: 'actions.CONFIRM_EXTERNAL_OUTCOME.inputs[0].name', message: 'CONFIRM_EXTERNAL_OUTCOME accepts no input ref (it accepts: reference, comment)' },
      { file: shown(file), path: 'actions.CONFIRM_EXTERNAL_OUTCOME.inputs', message: "CONFIRM_EXTERNAL_OUTCOME's form lacks the input reference that its request accepts" },
    ]);
  });

  it('refuses a topic defined by two processes, and an owner that is not a team', async () => {
    const dir = copy();
    const original = path.join(dir, 'order-orchestration/ops/topics.yaml');
    // Folders load in name order, so billing-handoff's copy comes first and the original is the duplicate.
    const copyFile = editCatalogFile(dir, 'billing-handoff/ops/topics.yaml', 'topics:\n', 'topics:\n  check-availability:\n    description: copy\n    owner: nobody\n    activityIds: [checkAgain]\n    inputVariables: []\n    outputVariables: []\n    failureSemantics: { technicalFailure: x, businessFailure: x, unknownOutcome: x }\n    idempotencyKey: null\n    maxLockDuration: PT20S\n    retryPolicy: R1/PT1S\n    sideEffect: read\n');
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      { file: shown(original), path: 'topics.check-availability', message: `topic check-availability is already defined at ${shown(copyFile)}: topics.check-availability` },
      { file: shown(copyFile), path: 'topics.check-availability.owner', message: 'owner nobody is not one of the teams in the shared catalog' },
    ]);
  });

  it('refuses a misspelt key instead of ignoring it', async () => {
    const dir = copy();
    const file = editCatalogFile(dir, 'change-order/ops/budgets.yaml', 'severity: MEDIUM', 'severty: MEDIUM');
    const problems = await problemsOf(dir);
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      [shown(file), 'budgets.reviewChange.severity'],
      [shown(file), 'budgets.reviewChange'],
    ]);
    expect(problems[1]!.message).toContain('"severty"');
  });

  it('lists every problem, one per line', async () => {
    const dir = copy();
    editCatalogFile(dir, 'quote-approval/ops/budgets.yaml', 'budget: PT25H', 'budget: 25 hours');
    editCatalogFile(dir, 'fallout-handling/ops/budgets.yaml', 'budget: P4D', 'budget: P4X');
    unlinkSync(path.join(dir, 'shared/catalog.yaml'));
    writeFileSync(path.join(dir, 'shared/extra.yaml'), 'teams:\n  - { id: Bad Team, name: x }\n');
    const error = (await loadCatalog(dir).catch((e: unknown) => e)) as CatalogError;
    expect(error.message.split('\n')).toEqual([
      `${shown(path.join(dir, 'shared/extra.yaml'))}: teams[0].id: expected lower-case words joined by - (e.g. billing-ops)`,
      `${shown(path.join(dir, 'fallout-handling/ops/budgets.yaml'))}: budgets.handleFalloutCase.budget: expected an ISO-8601 duration like PT5M, PT1H or P1D`,
      `${shown(path.join(dir, 'quote-approval/ops/budgets.yaml'))}: budgets.approveQuote.budget: expected an ISO-8601 duration like PT5M, PT1H or P1D`,
    ]);
  });

  it('says which shared section is missing', async () => {
    const dir = copy();
    unlinkSync(path.join(dir, 'shared/catalog.yaml'));
    const problems = await problemsOf(dir);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'catalogVersion: no shared catalog file defines catalogVersion',
      'teams: no shared catalog file defines teams',
      'slaBySeverity: no shared catalog file defines slaBySeverity',
      'sensitiveVariables: no shared catalog file defines sensitiveVariables',
    ]);
    expect(problems[0]!.file).toBe(shown(path.join(dir, 'shared')));
  });
});
