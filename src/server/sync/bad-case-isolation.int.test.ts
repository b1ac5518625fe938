// One bad case never stops the sync, against the real engine and PostgreSQL: an incident whose instance is
// cancelled and its history deleted between two reads of a pass (the engine then has no history record for
// it), and one whose external task disappears just before its error details are read (the engine answers
// 500, not 404). Both are made deterministic by acting on the engine at that moment of the pass, exactly as
// Cockpit or a cleanup script would; the pass goes on, the other cases sync, and the skipped one is surfaced.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Health } from '../../contracts/session.js';
import { loadCatalog } from '../catalog/load.js';
import { copyReferenceCatalog, editCatalogFile } from '../catalog/testing.js';
import type { EngineAdapter } from '../engine/adapter.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { cockpit } from '../testing/cockpit.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);
const admin = cockpit(engineUrl);

describe('one bad case never stops the sync (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let catalogDir: string;
  let bff: TestBff;
  let login: TestLogin;
  const logged: { message: string; extra?: Record<string, unknown> }[] = [];
  // Set by the test: what to do to the engine when the sync reaches that point of its pass.
  const race: { historyGone?: { incidentId: string; processInstanceId: string }; taskGone?: { taskId: string; processInstanceId: string } } = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    // A rule that decides on the worker's error details, so the sync reads them for these incidents.
    catalogDir = copyReferenceCatalog();
    editCatalogFile(catalogDir, 'order-orchestration/ops/rules.yaml', 'rules:\n', [
      'rules:',
      '  - id: availability-refused-details',
      '    topic: check-availability',
      '    detailsPattern: topic=check-availability',
      '    category: TECHNICAL_TRANSIENT',
      '    severity: LOW',
      '    runbook: dependency-unavailable',
      '',
    ].join('\n'));
    const catalog = await loadCatalog(catalogDir);
    bff = await startTestBff({
      engineUrl,
      databaseUrl: database.url,
      services,
      catalog,
      // The reconcile closes an incident the engine no longer has once it is older than the overlap.
      incidentBudget: { overlapMs: 1_000, reconcileEveryMs: 0 },
      log: (message, extra) => logged.push({ message, extra }),
      wrapSyncEngine: (real) => racing(real, race),
    });
    login = await loginAs(bff.app, 'olivia.ops');
  });
  afterAll(async () => {
    await bff?.close();
    await database?.drop();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  it('skips what it cannot read, says so in the health and the log, and syncs every other case', async () => {
    const [noHistory, taskGone, healthy] = await Promise.all([
      submitFailingOrder(engineUrl, services, 'transient-availability'),
      submitFailingOrder(engineUrl, services, 'transient-availability'),
      submitFailingOrder(engineUrl, services, 'transient-availability'),
    ]);
    const instanceOf = async (businessKey: string) => (await engine.processInstances(businessKey))[0]!.id;
    const [goneTask] = await admin.incidents(await instanceOf(taskGone.businessKey));
    const goneTaskId = goneTask!.configuration!;
    race.historyGone = { incidentId: noHistory.incidentId, processInstanceId: await instanceOf(noHistory.businessKey) };
    race.taskGone = { taskId: goneTaskId, processInstanceId: await instanceOf(taskGone.businessKey) };

    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
    // The engine really answered 500 for the gone task's error details, and the pass went on.
    expect(bff.engineCalls.some((c) => c.path === `/external-task/${goneTaskId}/errorDetails` && c.status === 500)).toBe(true);

    const cases = await bff.ctx.db.query<{ incident_id: string; business_key: string | null; status: string; classification_rule: string | null; definition_key: string }>(
      `SELECT i.incident_id, c.business_key, c.status, c.classification_rule, c.definition_key FROM fallout_case c JOIN case_incident i ON i.case_id = c.id
       WHERE i.incident_id = ANY($1) AND i.is_root_cause`,
      [[noHistory.incidentId, taskGone.incidentId, healthy.incidentId]],
    );
    const byIncident = new Map(cases.map((c) => [c.incident_id, c]));
    // The healthy case synced, classified by its details.
    expect(byIncident.get(healthy.incidentId)).toMatchObject({ business_key: healthy.businessKey, status: 'OPEN', classification_rule: 'availability-refused-details' });
    // The gone task's case synced too, classified without details (and, its instance cancelled, it may already
    // have moved on to its outcome within the same pass).
    expect(byIncident.get(taskGone.incidentId)).toMatchObject({ business_key: taskGone.businessKey, classification_rule: 'availability-unavailable' });
    // The incident without a history record is a case with what the incident itself says, and an issue.
    expect(byIncident.get(noHistory.incidentId)).toMatchObject({ business_key: null, definition_key: 'order-orchestration' });

    const response = await bff.app.inject({ url: '/api/health', headers: login.headers });
    const health = response.json() as Health;
    expect(health.sync.lastError).toBeNull();
    expect(health.sync.issues).toEqual([
      expect.objectContaining({ subject: `incident ${noHistory.incidentId}`, step: 'describe', message: expect.stringMatching(/no history record of process instance/) }),
    ]);
    expect(logged.some((l) => l.message === 'sync skipped a case it could not read' && l.extra?.subject === `incident ${noHistory.incidentId}`)).toBe(true);

    // The next passes settle both: the gone task's instance was cancelled (its order still active), the other
    // instance no longer exists anywhere, which is said, not guessed.
    const expected = { [noHistory.incidentId]: 'CLOSED', [taskGone.incidentId]: 'CANCELLED_IN_ENGINE', [healthy.incidentId]: 'OPEN' };
    const statuses = async () => {
      const rows = await bff.ctx.db.query<{ incident_id: string; status: string }>(
        'SELECT i.incident_id, c.status FROM fallout_case c JOIN case_incident i ON i.case_id = c.id WHERE i.incident_id = ANY($1)',
        [Object.keys(expected)],
      );
      return Object.fromEntries(rows.map((r) => [r.incident_id, r.status]));
    };
    // The reconcile closes the incident without history once it is older than its overlap (1 s here).
    await eventually(async () => {
      await bff.sync.runOnce();
      const now = await statuses();
      return Object.entries(expected).every(([incident, status]) => now[incident] === status);
    }, 20_000, 'both skipped cases settled').catch(async () => expect(await statuses()).toEqual(expected));
    expect(bff.sync.status.lastError).toBeNull();
    const later = (await bff.app.inject({ url: '/api/health', headers: login.headers })).json() as Health;
    expect(later.sync.issues!.map((i) => i.step)).toEqual(['resolution', 'describe']);
  });
});

/**
 * The sync's engine client, acting on the real engine at the moment a race would: right after the incident page
 * naming the first incident is read, its instance is cancelled and its history deleted (a cleanup script); right
 * after the external tasks are read, the second instance is cancelled, so its task is gone when the error
 * details are asked for.
 */
function racing(real: EngineAdapter, race: { historyGone?: { incidentId: string; processInstanceId: string }; taskGone?: { taskId: string; processInstanceId: string } }): EngineAdapter {
  const done = new Set<string>();
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'listIncidentsCreatedAfter') {
        return async (...args: Parameters<EngineAdapter['listIncidentsCreatedAfter']>) => {
          const page = await target.listIncidentsCreatedAfter(...args);
          const gone = race.historyGone;
          if (gone && !done.has('history') && page.some((i) => i.id === gone.incidentId)) {
            done.add('history');
            await admin.cancel(gone.processInstanceId);
            await admin.deleteHistory(gone.processInstanceId);
          }
          return page;
        };
      }
      if (property === 'externalTasksByIds') {
        return async (ids: string[]) => {
          const tasks = await target.externalTasksByIds(ids);
          const gone = race.taskGone;
          if (gone && !done.has('task') && ids.includes(gone.taskId)) {
            done.add('task');
            await admin.cancel(gone.processInstanceId);
          }
          return tasks;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
