// Talks to the domain service that owns a step's external effect, as the worker contract's reconciliation
// block describes: ask whether the effect exists, record it as confirmed, or record that it failed.
import { randomUUID } from 'node:crypto';
import type { Evidence } from '../../contracts/cases.js';
import type { Reconciliation } from '../catalog/catalog.js';
import { readPath, type DomainServices } from '../domain/domain-services.js';
import type { EngineAdapter } from '../engine/adapter.js';
import { EngineRequestError } from '../engine/errors.js';
import type { CaseRow } from '../store/rows.js';
import { fillPath, placeholdersOf } from './step-contract.js';

export interface StatusFinding extends Omit<Evidence, 'recordedAt' | 'recordedBy'> {
  data: unknown;
  calls: Record<string, unknown>[];
}

/**
 * Reads the process variables a service path names (only those: never the whole variable set). An instance
 * the engine no longer runs is read from history: a command re-run after a crash may find that its first
 * run's effect already carried the process to its end, and its domain call must still name the same order.
 */
async function variablesFor(engine: EngineAdapter, processInstanceId: string, templates: string[]): Promise<Record<string, unknown>> {
  const names = [...new Set(templates.flatMap(placeholdersOf))];
  const values = await Promise.all(
    names.map((name) =>
      engine.getVariable(processInstanceId, name).catch(async (error: unknown) => {
        if (!(error instanceof EngineRequestError)) throw error;
        const last = await engine.getHistoricVariable(processInstanceId, name);
        if (last === null) throw error;
        return last;
      }),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

export async function checkStatus(engine: EngineAdapter, domain: DomainServices, row: CaseRow, rec: Reconciliation): Promise<StatusFinding> {
  if (!row.process_instance_id) throw new Error('The case has no process instance to read the request reference from.');
  const variables = await variablesFor(engine, row.process_instance_id, [rec.statusCheck.path]);
  const path = fillPath(rec.statusCheck.path, variables);
  const answer = await domain.get(rec.service, path, { accept: [404] });
  const found = answer.status !== 404 && Boolean(readPath(answer.body, rec.statusCheck.foundPath));
  const referenceValue = found ? readPath(answer.body, rec.statusCheck.referencePath) : null;
  const reference = typeof referenceValue === 'string' || typeof referenceValue === 'number' ? String(referenceValue) : null;
  const key = Object.values(variables).map(String).join(', ');
  return {
    id: randomUUID(),
    kind: 'STATUS_CHECK',
    service: rec.service,
    finding: found ? 'FOUND' : 'NOT_FOUND',
    reference,
    summary: found
      ? `${rec.service} shows the effect exists for ${key}${reference ? `: ${reference}` : ''}.`
      : `${rec.service} has no record of the effect for ${key}: nothing happened there.`,
    data: answer.body,
    calls: [{ call: `GET ${rec.service}${path}`, status: answer.status, finding: found ? 'FOUND' : 'NOT_FOUND', reference }],
  };
}

/** The domain half of "confirm": the owning service records the outcome; the key makes a repeat harmless. */
export async function confirmAtService(
  engine: EngineAdapter,
  domain: DomainServices,
  row: CaseRow,
  rec: Reconciliation,
  reference: string,
  idempotencyKey: string,
): Promise<Record<string, unknown>> {
  const variables = await variablesFor(engine, row.process_instance_id!, [rec.confirm.path]);
  const path = fillPath(rec.confirm.path, variables);
  const answer = await domain.post(rec.confirm.service, path, { [rec.confirm.referenceVariable]: reference }, idempotencyKey);
  return { call: `POST ${rec.confirm.service}${path}`, status: answer.status, idempotencyKey };
}

export async function markFailedAtService(
  engine: EngineAdapter,
  domain: DomainServices,
  row: CaseRow,
  rec: Reconciliation,
  idempotencyKey: string,
): Promise<Record<string, unknown>> {
  const markFailed = rec.markFailed!;
  const variables = await variablesFor(engine, row.process_instance_id!, [markFailed.path]);
  const path = fillPath(markFailed.path, variables);
  const answer = await domain.post(markFailed.service, path, {}, idempotencyKey);
  return { call: `POST ${markFailed.service}${path}`, status: answer.status, idempotencyKey };
}
