// Mirrors the engine's latest deployments with the process definition keys they deployed, so the dashboard
// can mark releases on its time series. Deployments never change: only new ones cost a definition look-up.
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
  const known = await deps.samples.knownDeploymentIds(deps.engineId, deployments.map((d) => d.id));
  let added = 0;
  for (const d of deployments) {
    if (known.has(d.id)) continue;
    const definitionKeys = await deps.engine.processDefinitionKeysOf(d.id);
    await deps.samples.saveDeployment(deps.engineId, { id: d.id, name: d.name, deployedAt: d.deploymentTime!, definitionKeys }, now);
    added++;
  }
  return { added };
}
