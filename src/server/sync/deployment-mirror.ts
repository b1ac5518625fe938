// Mirrors the engine's latest deployments with the process definitions (keys and versions) they deployed, so
// the dashboard can mark releases on its time series and link each version to its cases. Deployments never
// change: only new ones, and ones mirrored before versions were recorded (backfilled here), cost a look-up.
import type { Clock } from '../clock.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { EngineSamplesRepo } from '../store/engine-samples-repo.js';

export interface DeploymentMirrorDeps {
  engine: EngineAdapter;
  engineId: string;
  samples: EngineSamplesRepo;
  clock: Clock;
}

const LATEST = 50;

export async function mirrorDeployments(deps: DeploymentMirrorDeps): Promise<{ added: number }> {
  const now = deps.clock.now();
  const deployments = (await deps.engine.listDeployments(LATEST)).filter((d) => d.deploymentTime !== null);
  const complete = await deps.samples.deploymentIdsWithDefinitions(deps.engineId, deployments.map((d) => d.id));
  let added = 0;
  for (const d of deployments) {
    if (complete.has(d.id)) continue;
    const definitions = (await deps.engine.listDefinitionsOfDeployment(d.id)).map(({ key, name, version, id }) => ({ key, name, version, id }));
    const definitionKeys = [...new Set(definitions.map((x) => x.key))];
    await deps.samples.saveDeployment(deps.engineId, { id: d.id, name: d.name, deployedAt: d.deploymentTime!, definitionKeys, definitions }, now);
    added++;
  }
  return { added };
}
