// Starts the reference engine with the demo services and workers on free ports in a temporary folder,
// seeds the demo orders once, and hands the URLs to the tests. Everything stops afterwards, also on failure.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { EngineFlavor } from '../../../scripts/lib/engine-flavor.js';
import { freePort } from '../../../scripts/lib/managed-process.js';
import { startStack } from '../../../scripts/lib/stack.js';

export const INTEGRATION_SEED = { orders: 20, seed: 7 };

declare module 'vitest' {
  export interface ProvidedContext {
    engineUrl: string;
    /** The reference engine the stack runs (ENGINE_FLAVOR): tests that assert the engine take it from here. */
    engineFlavor: EngineFlavor;
    services: { orders: string; inventory: string; billing: string };
    manifest: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-int-'));
  const stack = await startStack({
    ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
    dataDir,
    cleanEngine: true,
    seed: INTEGRATION_SEED,
    startBff: false,
    log: () => undefined,
  });
  console.log(`[integration] stack ready: ${stack.flavor.product} at ${stack.engineUrl}, timings ${JSON.stringify(stack.timings)}`);
  project.provide('engineUrl', stack.engineUrl);
  project.provide('engineFlavor', stack.flavor.flavor);
  project.provide('services', stack.services);
  project.provide('manifest', readFileSync(path.join(dataDir, 'demo', 'seed-manifest.json'), 'utf8'));
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
