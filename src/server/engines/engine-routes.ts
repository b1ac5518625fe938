// Which engine client (and which domain services) serve a case: the case's own engine, by its `engine_id`.
// Every place that used "the" engine for a case asks here, so a retry, a confirmation or a case page's diagram
// can never reach another engine than the one that raised the case.
import { ApiProblem } from '../api-problem.js';
import type { LiveReads } from '../cases/live-reads.js';
import type { DomainServices } from '../domain/domain-services.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { FreezeService } from '../freezes/freeze-service.js';
import type { MigrationService } from '../migrations/migration-service.js';

export interface EngineTarget {
  engine: EngineAdapter;
  domain: DomainServices;
}

export interface RequestEngineTarget extends EngineTarget {
  /** The case page's budgeted, shared live reads of this engine. */
  liveReads: LiveReads;
  /** This engine's activity freezes: a freeze suspends jobs and instances in its own engine only. */
  freezes: FreezeService;
  /** This engine's migration plans: validated, dry-run and executed on its own engine only. */
  migrations?: MigrationService;
}

/** One table per workbench, filled by composeServices as it wires each engine. */
export class EngineRoutes {
  private readonly requests = new Map<string, RequestEngineTarget>();
  private readonly background = new Map<string, EngineTarget>();

  register(engineId: string, request: RequestEngineTarget, background: EngineTarget): void {
    if (this.requests.has(engineId)) throw new Error(`engine ${engineId} is wired twice`);
    this.requests.set(engineId, request);
    this.background.set(engineId, background);
  }

  get size(): number {
    return this.requests.size;
  }

  /** Whether this workbench is configured for the engine (exactly; no single-engine fallback). */
  has(engineId: string): boolean {
    return this.requests.has(engineId);
  }

  /** For requests (case page, commands run by an operator). */
  forRequest(engineId: string): RequestEngineTarget {
    return pick(this.requests, engineId);
  }

  /** For the sync's outbox (commands finished after their BFF died or the engine was down). */
  forBackground(engineId: string): EngineTarget {
    return pick(this.background, engineId);
  }
}

function pick<T>(table: Map<string, T>, engineId: string): T {
  const found = table.get(engineId);
  if (found) return found;
  // One engine: every case is its own (a read model filled under another ENGINE_ID keeps working as before).
  if (table.size === 1) return table.values().next().value!;
  throw new ApiProblem(409, 'ENGINE_NOT_CONFIGURED', `This case belongs to engine "${engineId}", which this workbench is not configured for; nothing was changed.`);
}
