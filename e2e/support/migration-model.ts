// A process of its own for the migration journey: the order orchestration model copied under a fresh key, so
// moving its instances cannot disturb the demo orders other specs look at. Deployed and started through the
// engine's REST API (the workbench never deploys or starts processes itself).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MODEL = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'workflows', 'order-orchestration', 'order-orchestration.bpmn');
const auth = 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64');

async function engineCall<T>(engineUrl: string, route: string, init: RequestInit): Promise<T> {
  const response = await fetch(`${engineUrl}${route}`, { ...init, headers: { authorization: auth, ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${route} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Deploys the copy under `key` as one new version (the engine numbers it); `note` makes each version's text differ. */
export async function deployCopy(engineUrl: string, key: string, note: string): Promise<{ id: string; version: number }> {
  // Its own name too ("Migration drill"), so pages and specs that look for the demo's process never meet the copy.
  const xml = readFileSync(MODEL, 'utf8')
    .replace('id="order-orchestration" name="Order orchestration"', `id="${key}" name="Migration drill"`)
    .replace('<bpmn:process ', `<!-- ${note} -->\n  <bpmn:process `);
  if (!xml.includes(`id="${key}"`)) throw new Error('the order orchestration model no longer declares its process as expected');
  const form = new FormData();
  form.append('deployment-name', key);
  form.append(`${key}.bpmn`, new Blob([xml], { type: 'application/octet-stream' }), `${key}.bpmn`);
  const deployment = await engineCall<{ deployedProcessDefinitions: Record<string, { id: string; version: number }> }>(engineUrl, '/deployment/create', {
    method: 'POST',
    body: form,
  });
  const [definition] = Object.values(deployment.deployedProcessDefinitions);
  if (!definition) throw new Error(`the engine deployed no definition for ${key}`);
  return definition;
}

/** Starts an instance right at `activityId` (a wait state), skipping the steps before it. */
export async function startAt(engineUrl: string, definitionId: string, activityId: string, orderId: string): Promise<string> {
  const started = await engineCall<{ id: string }>(engineUrl, `/process-definition/${definitionId}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      businessKey: `order:${orderId}`,
      variables: { orderId: { value: orderId, type: 'String' } },
      startInstructions: [{ type: 'startBeforeActivity', activityId }],
    }),
  });
  return started.id;
}

/** Running instances of one definition. */
export async function instancesOf(engineUrl: string, definitionId: string): Promise<string[]> {
  const found = await engineCall<{ id: string }[]>(engineUrl, `/process-instance?processDefinitionId=${encodeURIComponent(definitionId)}`, { method: 'GET' });
  return found.map((i) => i.id).sort();
}
