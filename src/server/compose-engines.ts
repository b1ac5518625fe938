// Wires one workbench over several engines: each engine gets the whole per-engine graph of composeServices
// (its own engine clients, sync loop with its own leadership lock and status, outbox, freezes, domain services),
// and all of them share one routing table, so a case's page and commands reach the case's own engine. The first
// engine is the primary: the single-engine fields of the context (`engine`, `sync`, …) are its.
import { cockpitUrlOf, type EngineSpec } from './engines/engine-list.js';
import { EngineRoutes } from './engines/engine-routes.js';
import { WorkbenchMetrics } from './metrics/metrics.js';
import { EngineProbe } from './engine/probe.js';
import { alertDeliveryFor, composeServices, type ComposeOptions, type Composed } from './compose.js';
import { parseServiceUrls } from './domain/domain-services.js';
import type { SyncLoop } from './sync/sync-loop.js';

/** One configured engine as the routes see it: who it is, its sync, its reachability. */
export interface EngineEntry {
  id: string;
  label: string;
  /** The configured flavour; null: told from the probe's GET /version. */
  flavor: 'camunda' | 'operaton' | null;
  sync: SyncLoop;
  probe: EngineProbe;
  /** Its Cockpit, for the flavour known now (configured, or detected once reachable). */
  cockpitUrl(detected: string | null): string | null;
}

export interface ComposedEngines extends Composed {
  engines: EngineEntry[];
  /** Starts and stops every engine's sync loop. */
  syncAll: { start(): void; stop(): Promise<void> };
}

export type SharedComposeOptions = Omit<ComposeOptions, 'engine' | 'engineId' | 'domainUrls' | 'routes'> & {
  /** The workbench's DOMAIN_SERVICES, for engines that name none of their own. */
  domainUrls: Record<string, string>;
};

export function composeEngines(shared: SharedComposeOptions, specs: EngineSpec[]): ComposedEngines {
  if (specs.length === 0) throw new Error('composeEngines needs at least one engine');
  const routes = new EngineRoutes();
  // One registry for the whole workbench: /metrics shows every engine's calls and ingests, not the first's.
  const metrics = shared.metrics ?? new WorkbenchMetrics();
  // One delivery for every engine's alerts, run by whichever replica leads a sync.
  const leaders: (() => boolean)[] = [];
  const alertDelivery = shared.alertDelivery ?? alertDeliveryFor(shared.backgroundDb ?? shared.db, shared, () => leaders.some((l) => l()));
  const composed = specs.map((spec) => ({
    spec,
    services: composeServices({
      ...shared,
      alertDelivery,
      multiEngine: specs.length > 1,
      metrics,
      routes,
      engineId: spec.id,
      engine: { baseUrl: spec.url, user: spec.user, password: spec.password, timeoutMs: spec.timeoutMs },
      domainUrls: spec.domainServices ? parseServiceUrls(spec.domainServices) : shared.domainUrls,
      log: specs.length > 1 ? (message, extra) => shared.log(`[${spec.id}] ${message}`, extra) : shared.log,
    }),
  }));
  const engines = composed.map(({ spec, services }): EngineEntry => ({
    id: spec.id,
    label: spec.label,
    flavor: spec.flavor,
    sync: services.sync,
    probe: new EngineProbe(services.engine, shared.clock),
    cockpitUrl: (detected) => cockpitUrlOf(spec, spec.flavor ?? detected),
  }));
  for (const { services } of composed) leaders.push(() => services.sync.status.leader);
  const primary = composed[0]!.services;
  return {
    ...primary,
    engines,
    syncAll: {
      start: () => {
        engines.forEach((e) => e.sync.start());
        alertDelivery.start();
      },
      stop: async () => {
        await Promise.all(engines.map((e) => e.sync.stop()));
        await alertDelivery.stop();
      },
    },
  };
}
