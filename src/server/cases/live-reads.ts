// The case page's live engine reads, shared between viewers: one request in flight per process instance and
// kind (concurrent viewers await the same promise), the answer reused for a short while, and a per-view
// budget after which the page is answered from the read model alone. A storm of operators opening the same
// case therefore costs the engine one call per kind, and a slow engine costs a viewer at most the budget.
import { LRUCache } from 'lru-cache';
import type { EngineAdapter, EngineVariables } from '../engine/adapter.js';
import type { EngineJobDefinition } from '../engine/schemas.js';
import type { EngineActivityInstance, EngineHistoricActivityInstance, EngineHistoricProcessInstance } from '../engine/schemas.js';

export interface LiveReadsOptions {
  /** How long one view waits for live data before it is answered without (default 1.5 s). */
  budgetMs: number;
  /** How long a finished read is reused by other viewers (default 2 s; 0 only coalesces). */
  cacheMs: number;
  /** Most instances and kinds remembered at once (bounded memory). */
  maxEntries?: number;
}

export const DEFAULT_LIVE_READS: LiveReadsOptions = { budgetMs: 1500, cacheMs: 2000 };

type Kind = 'instance' | 'history' | 'tree' | 'variables' | 'historicVariables' | 'xml' | 'waits' | 'job-definitions';

/** The engine reads the case page makes, coalesced and briefly cached. The BPMN XML is cached by the adapter. */
export class LiveReads {
  readonly budgetMs: number;
  private readonly cacheMs: number;
  // Values are promises: a pending read is found by the next viewer and awaited, not repeated.
  private readonly entries: LRUCache<string, Promise<unknown>>;

  constructor(
    private readonly engine: EngineAdapter,
    options: LiveReadsOptions = DEFAULT_LIVE_READS,
  ) {
    this.budgetMs = options.budgetMs;
    this.cacheMs = options.cacheMs;
    this.entries = new LRUCache({ max: options.maxEntries ?? 500 });
  }

  historicInstance(id: string): Promise<EngineHistoricProcessInstance> {
    return this.shared('instance', id, () => this.engine.getHistoricProcessInstance(id));
  }

  activityHistory(id: string): Promise<EngineHistoricActivityInstance[]> {
    return this.shared('history', id, () => this.engine.listActivityHistory(id));
  }

  activityTree(id: string): Promise<EngineActivityInstance> {
    return this.shared('tree', id, () => this.engine.getActivityInstanceTree(id));
  }

  variables(id: string): Promise<EngineVariables> {
    return this.shared('variables', id, () => this.engine.listVariables(id));
  }

  /** What the instance waits on: its jobs, external tasks and event subscriptions. */
  waits(id: string): ReturnType<EngineAdapter['waitsOf']> {
    return this.shared('waits', id, () => this.engine.waitsOf(id));
  }

  /** Which activity each job of a process definition belongs to. */
  jobDefinitions(definitionId: string): Promise<EngineJobDefinition[]> {
    return this.shared('job-definitions', definitionId, () => this.engine.jobDefinitionsOf(definitionId));
  }

  /** An instance's variables from history: what an ended instance last held. */
  historicVariables(id: string): Promise<EngineVariables> {
    return this.shared('historicVariables', id, () => this.engine.listHistoricVariables(id));
  }

  /** Definitions never change: the adapter keeps them per definition id (bounded); this only coalesces the first read. */
  definitionXml(definitionId: string): Promise<string> {
    return this.shared('xml', definitionId, () => this.engine.getProcessDefinitionXml(definitionId));
  }

  private shared<T>(kind: Kind, id: string, read: () => Promise<T>): Promise<T> {
    const key = `${kind}:${id}`;
    const existing = this.entries.get(key);
    if (existing) return existing as Promise<T>;
    const pending = read();
    // No expiry while in flight: a slow read stays the one everybody waits for, however long it takes.
    this.entries.set(key, pending, { ttl: 0 });
    pending.then(
      () => {
        if (this.entries.peek(key) !== pending) return;
        if (this.cacheMs > 0) this.entries.set(key, pending, { ttl: this.cacheMs });
        else this.entries.delete(key);
      },
      // A failure is not remembered: the next viewer asks again.
      () => {
        if (this.entries.peek(key) === pending) this.entries.delete(key);
      },
    );
    return pending;
  }
}

/** Settles with the work's value, or with `SLOW` once the budget is spent (the work goes on and fills the cache). */
export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<{ value: T } | 'SLOW'> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'SLOW'>((resolve) => {
    timer = setTimeout(() => resolve('SLOW'), budgetMs);
  });
  // The work may fail after the budget: nobody awaits it then, so its rejection must not go unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work.then((value) => ({ value })), slow]);
  } finally {
    clearTimeout(timer);
  }
}
