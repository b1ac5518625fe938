// The BFF's Prometheus metrics, on a registry of its own per composed BFF (never prom-client's global one), so
// several apps in one test process never share a series. Counters and histograms are fed where things happen
// (HTTP hooks, the engine client, the command outcome, the incident sync); the read-model gauges are read at
// scrape time through `watchReadModel`, never kept in memory, so every replica reports the database's truth.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the read model says at scrape time (see store/metrics-repo.ts for the queries). */
export interface ReadModelFigures {
  /** Cases in the working set per category and status (from the facet rollup, not counted case by case). */
  cases: { category: string; status: string; count: number }[];
  /** Recovery commands waiting for or holding the outbox: PENDING and RUNNING. */
  outbox: { state: string; count: number }[];
  /** Seconds since each engine's last successful sync pass. */
  syncLag: { engineId: string; seconds: number }[];
}

/** How an engine call ended, for the `outcome` label: the status class, or `transport` (refused, reset, timed out). */
export type EngineCallOutcome = '2xx' | '3xx' | '4xx' | '5xx' | 'transport';

export function engineOutcomeOf(status: number | null): EngineCallOutcome {
  if (status === null) return 'transport';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class WorkbenchMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly engine: Histogram<'method' | 'route' | 'outcome'>;
  private readonly engineErrors: Counter<'method' | 'route' | 'outcome'>;
  private readonly commands: Counter<'action' | 'outcome'>;
  private readonly incidents: Counter<'engine'>;
  private readModel: (() => Promise<ReadModelFigures>) | null = null;
  private scrape: Promise<ReadModelFigures | null> | null = null;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    // CPU, memory, event-loop delay, GC: what any Node service is judged by first.
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'fw_http_request_duration_seconds',
      help: 'HTTP requests answered by the BFF, by method, route template (never the raw URL) and status.',
      labelNames: ['method', 'route', 'status'], buckets: SECONDS_BUCKETS, registers,
    });
    this.engine = new Histogram({
      name: 'fw_engine_request_duration_seconds',
      help: 'Engine REST calls by method, path template and outcome (status class, or transport for refused, reset or timed-out calls).',
      labelNames: ['method', 'route', 'outcome'], buckets: SECONDS_BUCKETS, registers,
    });
    this.engineErrors = new Counter({
      name: 'fw_engine_request_errors_total',
      help: 'Engine REST calls that did not answer 2xx: non-2xx statuses by class, and transport failures.',
      labelNames: ['method', 'route', 'outcome'], registers,
    });
    this.commands = new Counter({
      name: 'fw_commands_total',
      help: 'Recovery commands whose outcome was recorded, by action and outcome (DONE, ALREADY_DONE, AWAITING_APPROVAL, PENDING, FAILED).',
      labelNames: ['action', 'outcome'], registers,
    });
    this.incidents = new Counter({
      name: 'fw_incidents_ingested_total',
      help: 'Engine incidents this BFF attached to fallout cases (new ones only; re-reads are not counted).',
      labelNames: ['engine'], registers,
    });
    const figures = () => this.figures();
    new Gauge({
      name: 'fw_cases',
      help: 'Fallout cases in the working set (every status that still needs someone) by category and status, read from the facet rollup at scrape time.',
      labelNames: ['category', 'status'], registers,
      async collect() {
        const read = await figures();
        this.reset();
        for (const row of read?.cases ?? []) this.set({ category: row.category, status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'fw_outbox_commands',
      help: 'Recovery commands not finished yet, by state: PENDING (a dependency was down) and RUNNING (held by a live run or waiting for its lease to run out).',
      labelNames: ['state'], registers,
      async collect() {
        const read = await figures();
        this.reset();
        if (!read) return;
        // Both states always present, so "0 pending" is a value, not a missing series.
        for (const state of ['PENDING', 'RUNNING']) this.set({ state }, read.outbox.find((r) => r.state === state)?.count ?? 0);
      },
    });
    new Gauge({
      name: 'fw_sync_lag_seconds',
      help: "Seconds since the engine's last successful sync pass (by any replica); before the first one, since this BFF started.",
      labelNames: ['engine'], registers,
      async collect() {
        const read = await figures();
        this.reset();
        for (const row of read?.syncLag ?? []) this.set({ engine: row.engineId }, row.seconds);
      },
    });
    new Gauge({
      name: 'fw_read_model_up',
      help: '1 when the read-model gauges of this scrape could be read from the database, 0 when not (they are left out then).',
      registers,
      async collect() {
        this.set((await figures()) ? 1 : 0);
      },
    });
  }

  /** One answered HTTP request. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  /** One engine REST call, timed from the request to its last byte (or its failure). */
  engineCall(method: string, route: string, status: number | null, seconds: number): void {
    const outcome = engineOutcomeOf(status);
    this.engine.observe({ method, route, outcome }, seconds);
    if (outcome !== '2xx') this.engineErrors.inc({ method, route, outcome });
  }

  commandFinished(action: string, outcome: string): void {
    this.commands.inc({ action, outcome });
  }

  incidentsIngested(engineId: string, count: number): void {
    if (count > 0) this.incidents.inc({ engine: engineId }, count);
  }

  /** Where the read-model gauges come from; without it they stay empty (`fw_read_model_up` 0). */
  watchReadModel(read: () => Promise<ReadModelFigures>, onError: (error: unknown) => void): void {
    this.readModel = async () => {
      try {
        return await read();
      } catch (error) {
        onError(error);
        throw error;
      }
    };
  }

  /** The Prometheus text of every series. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The read model, read once per scrape however many gauges ask (prom-client collects them concurrently). */
  private figures(): Promise<ReadModelFigures | null> {
    const read = this.readModel;
    if (!read) return Promise.resolve(null);
    this.scrape ??= read()
      .catch(() => null)
      .finally(() => {
        this.scrape = null;
      });
    return this.scrape;
  }
}

/** The part of the metrics the recovery commands feed. */
export type CommandMetrics = Pick<WorkbenchMetrics, 'commandFinished'>;
/** The part of the metrics the incident sync feeds. */
export type IncidentMetrics = Pick<WorkbenchMetrics, 'incidentsIngested'>;
