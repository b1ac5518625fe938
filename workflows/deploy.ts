/**
 * Deploys the workflow folders to a Camunda 7 engine through its REST API, the way a release pipeline does:
 * one deployment per folder (deployment name = folder name), every .bpmn/.dmn file of the folder as one part,
 * duplicate filtering on, so an unchanged folder deploys nothing and a changed file gets a new version.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEPLOYMENT_SOURCE = 'fallout-workbench-release';
export const DEFAULT_WORKFLOWS_DIR = dirname(fileURLToPath(import.meta.url));

export interface EngineAuth {
  /** Base URL of the engine's REST API, including `/engine-rest`. */
  engineUrl: string;
  user: string;
  password: string;
}

export interface DeployedDefinition {
  /** `process` for BPMN processes, `decision` for DMN decisions. */
  kind: 'process' | 'decision';
  key: string;
  version: number;
  id: string;
}

export interface FolderDeployment {
  folder: string;
  deploymentId: string;
  /** False when the engine already had exactly these resources (nothing new was deployed). */
  deployedNew: boolean;
  definitions: DeployedDefinition[];
}

export interface DeployOptions extends EngineAuth {
  /** Folder holding one sub-folder per deployment unit; defaults to this `workflows/` folder. */
  workflowsDir?: string;
  /** Deployment name for a folder; defaults to the folder name. */
  deploymentName?: (folder: string) => string;
  /** Deploy only these folders (default: every folder that holds a .bpmn or .dmn file). */
  folders?: string[];
  log?: (line: string) => void;
}

export interface DeploymentResource {
  /** Part name and resource name, e.g. `order-orchestration.bpmn`. */
  name: string;
  content: string;
}

export function authHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The deployable folders (those with at least one .bpmn/.dmn file), sorted by name. */
export function listWorkflowFolders(workflowsDir = DEFAULT_WORKFLOWS_DIR): string[] {
  return readdirSync(workflowsDir)
    .filter((name) => statSync(join(workflowsDir, name)).isDirectory())
    .filter((name) => readResources(join(workflowsDir, name)).length > 0)
    .sort();
}

/** The .bpmn and .dmn files of one folder, sorted by name. */
export function readResources(folderPath: string): DeploymentResource[] {
  return readdirSync(folderPath)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.dmn'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(folderPath, name), 'utf8') }));
}

/** Executable process ids and decision ids declared in a resource (used to report unchanged definitions). */
export function declaredKeys(resource: DeploymentResource): { kind: 'process' | 'decision'; key: string }[] {
  const kind = resource.name.endsWith('.dmn') ? ('decision' as const) : ('process' as const);
  const tag = kind === 'decision' ? /<(?:\w+:)?decision\b([^>]*)>/g : /<(?:\w+:)?process\b([^>]*)>/g;
  const keys: { kind: 'process' | 'decision'; key: string }[] = [];
  for (const [, attributes = ''] of resource.content.matchAll(tag)) {
    if (kind === 'process' && !/isExecutable="true"/.test(attributes)) continue;
    const id = /\bid="([^"]+)"/.exec(attributes)?.[1];
    if (id) keys.push({ kind, key: id });
  }
  return keys;
}

async function engineJson<T>(auth: EngineAuth, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${auth.engineUrl.replace(/\/$/, '')}${path}`, {
    ...init,
    headers: { Accept: 'application/json', Authorization: authHeader(auth.user, auth.password), ...init.headers },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface DeploymentWithDefinitions {
  id: string;
  deployedProcessDefinitions: Record<string, { id: string; key: string; version: number }> | null;
  deployedDecisionDefinitions: Record<string, { id: string; key: string; version: number }> | null;
}

/**
 * Sends one deployment. With duplicate filtering and `deploy-changed-only`, resources identical to the latest
 * deployment of the same name are left out, and when nothing changed the engine creates no new definitions.
 */
export async function deployResources(
  auth: EngineAuth & { deploymentName: string; resources: DeploymentResource[] },
): Promise<{ deploymentId: string; deployedNew: boolean; definitions: DeployedDefinition[] }> {
  const form = new FormData();
  form.append('deployment-name', auth.deploymentName);
  form.append('enable-duplicate-filtering', 'true');
  form.append('deploy-changed-only', 'true');
  form.append('deployment-source', DEPLOYMENT_SOURCE);
  for (const r of auth.resources) {
    form.append(r.name, new Blob([r.content], { type: 'application/octet-stream' }), r.name);
  }
  const deployment = await engineJson<DeploymentWithDefinitions>(auth, '/deployment/create', {
    method: 'POST',
    body: form,
  });
  const fresh: DeployedDefinition[] = [
    ...Object.values(deployment.deployedProcessDefinitions ?? {}).map((d) => ({ kind: 'process' as const, ...d })),
    ...Object.values(deployment.deployedDecisionDefinitions ?? {}).map((d) => ({ kind: 'decision' as const, ...d })),
  ].map(({ kind, key, version, id }) => ({ kind, key, version, id }));

  // Definitions that were filtered out as unchanged: report the engine's latest version of each key.
  const definitions: DeployedDefinition[] = [];
  for (const { kind, key } of auth.resources.flatMap(declaredKeys)) {
    const found = fresh.find((d) => d.kind === kind && d.key === key);
    if (found) {
      definitions.push(found);
      continue;
    }
    const path = kind === 'process' ? '/process-definition' : '/decision-definition';
    const [latest] = await engineJson<{ id: string; key: string; version: number }[]>(
      auth,
      `${path}?key=${encodeURIComponent(key)}&latestVersion=true&maxResults=1`,
    );
    if (latest) definitions.push({ kind, key, version: latest.version, id: latest.id });
  }
  return { deploymentId: deployment.id, deployedNew: fresh.length > 0, definitions };
}

/** Deploys every workflow folder (or `folders`); safe to run again: unchanged folders deploy nothing. */
export async function deployWorkflows(options: DeployOptions): Promise<Record<string, FolderDeployment>> {
  const workflowsDir = resolve(options.workflowsDir ?? DEFAULT_WORKFLOWS_DIR);
  const log = options.log ?? (() => {});
  const folders = options.folders ?? listWorkflowFolders(workflowsDir);
  const result: Record<string, FolderDeployment> = {};
  for (const folder of folders) {
    const resources = readResources(join(workflowsDir, folder));
    if (!resources.length) throw new Error(`workflow folder ${folder} has no .bpmn or .dmn file`);
    const deploymentName = options.deploymentName?.(folder) ?? basename(folder);
    const deployed = await deployResources({ ...options, deploymentName, resources });
    result[folder] = { folder, ...deployed };
    const defs = deployed.definitions.map((d) => `${d.key} v${d.version}`).join(', ');
    log(`${deployed.deployedNew ? 'deployed ' : 'unchanged'} ${folder}: ${defs}`);
  }
  return result;
}
