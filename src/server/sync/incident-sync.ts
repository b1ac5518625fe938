import type { IncidentMetrics } from '../metrics/metrics.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { EngineHistoricProcessInstance, EngineIncident, EngineRuntimeProcessInstance, EngineUserOperation } from '../engine/schemas.js';
import { parseBusinessKey } from '../fallout/business-key.js';
import type { Catalog } from '../catalog/catalog.js';
import { classificationNeedsDetails, classifyIncident } from '../fallout/classify.js';
import { WORKED_STATUSES, type CasesRepo, type NewCase } from '../store/cases-repo.js';
import type { EngineOperationsRepo, NewEngineOperation } from '../store/engine-operations-repo.js';
import type { CaseRow } from '../store/rows.js';
import type { Db, Queryable } from '../store/db.js';
import { recurrenceKey, type CaseCancellation, type CaseTransition, type IncidentSyncRepo, type NewIncidentRow } from '../store/incident-sync-repo.js';
import type { SyncStateRepo } from '../store/sync-state-repo.js';
import type { SyncBacklog } from '../store/sync-status-repo.js';
import type { Clock } from '../clock.js';
import { afterPage, groupByRoot, readFrom, type RootGroup, type ScanState } from './incident-window.js';

/** How much one pass may do; whatever is left is done by the next passes and reported as backlog. */
export interface IncidentSyncBudget {
  /** Incidents per engine page (the engine's page cap is 500). */
  pageSize: number;
  /** Pages of new incidents read per pass. */
  newPagesPerPass: number;
  /** Pages of ended incidents read per pass. */
  endedPagesPerPass: number;
  /** Pages of the full reconcile per pass. */
  reconcilePagesPerPass: number;
  /** A full reconcile round starts at most this often. */
  reconcileEveryMs: number;
  /** Verified-resolution checks (cases whose incidents closed) per pass. */
  resolutionChecksPerPass: number;
  /** Pages of the engine's user operation log read per background pass. */
  operationPagesPerPass: number;
  /**
   * The engine stamps an incident before its transaction commits, so one can appear later than incidents
   * stamped after it. Each pass reads from `freshOverlapMs` before the newest incident seen (cheap: usually
   * nothing), and checks the last `overlapMs` by counting (engine vs read model); only a difference makes
   * it read that window again.
   */
  overlapMs: number;
  freshOverlapMs: number;
  /** Engine and read-model open-incident counts for the backlog report, at most this often. */
  countEveryMs: number;
}

export const DEFAULT_INCIDENT_BUDGET: IncidentSyncBudget = {
  pageSize: 500,
  newPagesPerPass: 20,
  endedPagesPerPass: 10,
  reconcilePagesPerPass: 1,
  reconcileEveryMs: 60_000,
  resolutionChecksPerPass: 500,
  operationPagesPerPass: 4,
  overlapMs: 30_000,
  freshOverlapMs: 2_000,
  countEveryMs: 2_000,
};

export interface IncidentSyncDeps {
  db: Db;
  engine: EngineAdapter;
  engineId: string;
  cases: CasesRepo;
  incidents: IncidentSyncRepo;
  syncState: SyncStateRepo;
  clock: Clock;
  catalog: Catalog;
  budget: IncidentSyncBudget;
  /** A failure at the same step within this long after a verified resolution reopens the case. */
  recurrenceWindowMs: number;
  /** Where the operations users ran on the engine directly are kept (the engine's user operation log). */
  operations: EngineOperationsRepo;
  /** The workbench's own engine user: its operations are already on the timeline as the operators' commands. */
  ownEngineUser: string | null;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /** Counts the incidents this sync attached to cases (`fw_incidents_ingested_total`). */
  metrics?: IncidentMetrics;
}

/** A case or incident the sync could not fully read or decide; the pass went on with the others. */
export interface SyncIssueRecord {
  at: string;
  subject: string;
  step: string;
  message: string;
}

export interface IncidentSyncResult {
  incidentsRead: number;
  casesCreated: number;
  casesUpdated: number;
  casesResolved: number;
  /** Incident gone, token still at the step, not cleared by the workbench. */
  casesClearedOutside: number;
  /** Instance cancelled in the engine (CANCELLED_IN_ENGINE, or CLOSED when there is no order to compare with). */
  casesCancelled: number;
  /** Instance gone from the engine altogether. */
  casesClosed: number;
  incidentsClosed: number;
  /** True while engine incidents are not yet cases (the next passes continue where this one stopped). */
  backlog: boolean;
  /** Milliseconds per step of the pass, for the log. */
  stepMs: Record<string, number>;
  /** Cases the recent passes could not fully read or decide (newest first, the last 15 minutes). */
  issues: SyncIssueRecord[];
}

const STATE = { created: 'incident.created', ended: 'incident.ended', reconcile: 'incident.reconcile', operations: 'operation-log.read' } as const;

/** How long an issue stays in the reported list, and how many are kept. */
const ISSUE_MEMORY_MS = 15 * 60_000;
const MAX_ISSUES = 20;

const emptyResult = (): IncidentSyncResult => ({
  incidentsRead: 0, casesCreated: 0, casesUpdated: 0, casesResolved: 0, casesClearedOutside: 0, casesCancelled: 0, casesClosed: 0,
  incidentsClosed: 0, backlog: false, stepMs: {}, issues: [],
});

/**
 * One incremental pass: new incidents since the watermark become cases (a called process's incident and
 * its parents are one case, keyed by the root cause), ended incidents close, cases whose incidents all
 * closed resolve once the engine shows the instance moved past the failed step, and a few pages of a full
 * reconcile run behind it all. Every step is bounded per pass; none reads what did not change.
 */
export class IncidentSync {
  private lastCountAt = 0;
  private backlog: SyncBacklog = { behind: false, engineOpenIncidents: null, ingestedOpenIncidents: null, oldestNotIngestedAt: null, countedAt: null };

  constructor(private readonly deps: IncidentSyncDeps) {}

  get lastBacklog(): SyncBacklog {
    return this.backlog;
  }

  async runPass(): Promise<IncidentSyncResult> {
    const result = emptyResult();
    const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        result.stepMs[step] = Math.round(performance.now() - started);
      }
    };
    const newScan = await timed('new', () => this.exclusive(() => this.readNewIncidents(result)));
    this.lastScan = newScan;
    await timed('ended', () => this.readEndedIncidents(result));
    await timed('resolutions', () => this.checkResolutions(result));
    // Counted here only while a backlog lasts (and on the pass that ends it); otherwise in the background.
    await timed('backlog', () => this.updateBacklog(newScan, newScan.cursor !== null || this.backlog.behind));
    result.backlog = this.backlog.behind;
    result.issues = this.recentIssues();
    return result;
  }

  /**
   * The background part, beside the incident passes: a few pages of the full reconcile and the open-incident
   * counts of the backlog report. Neither delays a new incident's case.
   */
  async runBackground(complete = false): Promise<{ incidentsClosed: number; casesCreated: number; missing: number; operationsStored: number }> {
    const result = emptyResult();
    this.lastReconcileMissing = await this.reconcilePages(result);
    await this.updateBacklog(this.lastScan, complete || this.deps.clock.now().getTime() - this.lastCountAt >= this.deps.budget.countEveryMs);
    // The timeline's record of changes made outside the workbench: never worth failing the rest of the pass for.
    const operationsStored = await this.readEngineOperations().catch((error: unknown) => {
      this.noteIssue('the user operation log', 'operation log', error);
      return 0;
    });
    return { incidentsClosed: result.incidentsClosed, casesCreated: result.casesCreated, missing: this.lastReconcileMissing, operationsStored };
  }

  private issues: SyncIssueRecord[] = [];

  /** Records (and logs, once per change) a problem with one case or incident; the pass goes on without it. */
  private noteIssue(subject: string, step: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const previous = this.issues.find((i) => i.subject === subject && i.step === step);
    if (previous?.message !== message) this.deps.log?.('sync skipped a case it could not read', { subject, step, error: message });
    this.issues = [{ at: this.deps.clock.now().toISOString(), subject, step, message }, ...this.issues.filter((i) => i !== previous)].slice(0, MAX_ISSUES);
  }

  private recentIssues(): SyncIssueRecord[] {
    const since = this.deps.clock.now().getTime() - ISSUE_MEMORY_MS;
    this.issues = this.issues.filter((i) => new Date(i.at).getTime() >= since);
    return [...this.issues];
  }

  /**
   * The engine's user operation log since the watermark, oldest first, a few pages per pass: what users did to
   * instances with cases directly in the engine (retries set, variables changed, instances cancelled or
   * modified in Cockpit, engine REST or a script). The workbench's own calls and process starts are left out.
   */
  private async readEngineOperations(): Promise<number> {
    const { engine, engineId, budget, operations, incidents: repo } = this.deps;
    let state = await this.loadScan(STATE.operations);
    if (!state.cursor && !state.newestSeen) {
      // First read: from the oldest case still worked on (engine time, like the log's own timestamps).
      const oldest = await repo.oldestActiveFirstSeenAt(engineId);
      if (!oldest) return 0;
      state = { cursor: null, newestSeen: oldest };
    }
    let stored = 0;
    for (let page = 0; page < budget.operationPagesPerPass; page++) {
      const entries = await engine.listUserOperationsAfter(readFrom(state, budget.freshOverlapMs), budget.pageSize);
      const relevant = entries.filter((e) => e.processInstanceId && this.isOutsideChange(e));
      const withCases = await operations.instancesWithCases(engineId, relevant.map((e) => e.processInstanceId!));
      stored += await operations.insert(relevant.filter((e) => withCases.has(e.processInstanceId!)).map((e) => operationRow(engineId, e)));
      const next = afterPage(state, entries.map((e) => e.timestamp), budget.pageSize);
      state = { cursor: next.cursor, newestSeen: next.newestSeen };
      if (next.done) break;
    }
    await this.saveScan(STATE.operations, state);
    return stored;
  }

  private isOutsideChange(entry: EngineUserOperation): boolean {
    if (this.deps.ownEngineUser && entry.userId === this.deps.ownEngineUser) return false;
    // Starting an instance is how it came to be, not a change to it.
    return !(entry.entityType === 'ProcessInstance' && entry.operationType === 'Create');
  }

  private lastScan: ScanState = { cursor: null, newestSeen: null };
  private lastReconcileMissing = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** Ingests one at a time: the reconcile (background) and the incident pass must not both create a case. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work, work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** New incidents since the watermark, oldest first, page by page up to the pass's budget. */
  private async readNewIncidents(result: IncidentSyncResult): Promise<ScanState> {
    const { engine, budget } = this.deps;
    let state = await this.loadScan(STATE.created);
    // A pipeline: the next page is read and prepared (engine) while the previous one is written (database).
    const seen = new Set<string>();
    const read = (from: string | null) => guard(engine.listIncidentsCreatedAfter(from, budget.pageSize));
    let reading = read(readFrom(state, budget.freshOverlapMs));
    let writing: Promise<void> = Promise.resolve();
    let pages = 0;
    for (; pages < budget.newPagesPerPass; pages++) {
      const incidents = await reading;
      result.incidentsRead += incidents.length;
      const next = afterPage(state, incidents.map((i) => i.incidentTimestamp), budget.pageSize);
      const more = !next.done && pages + 1 < budget.newPagesPerPass;
      if (more) reading = read(readFrom({ cursor: next.cursor, newestSeen: next.newestSeen }, budget.freshOverlapMs));
      const prepared = await this.prepare(incidents, seen);
      await writing;
      writing = guard(prepared ? this.write(prepared, result) : Promise.resolve());
      state = { cursor: next.cursor, newestSeen: next.newestSeen };
      if (next.done) break;
    }
    await writing;
    await this.saveScan(STATE.created, state);
    if (!state.cursor && state.newestSeen) await this.sweepLateCommits(state.newestSeen, budget.newPagesPerPass - pages, result);
    return state;
  }

  /**
   * The late-commit check: incidents stamped in the last `overlapMs` before the newest seen that the engine
   * has open and the read model does not. Two counts per pass; the window is read again only when they differ.
   */
  private async sweepLateCommits(newestSeen: string, pageBudget: number, result: IncidentSyncResult): Promise<void> {
    const { engine, engineId, budget, incidents: repo } = this.deps;
    const to = newestSeen;
    const from = new Date(new Date(to).getTime() - budget.overlapMs).toISOString();
    const [inEngine, inReadModel] = await Promise.all([engine.countOpenIncidentsCreatedBetween(from, to), repo.countOpenIncidentsCreatedBetween(engineId, from, to)]);
    if (inEngine <= inReadModel) return;
    let state: ScanState = { cursor: null, newestSeen: null };
    let after: string | null = from;
    for (let page = 0; page < Math.max(1, pageBudget); page++) {
      const incidents = await engine.listIncidentsCreatedAfter(after, budget.pageSize);
      const inWindow = incidents.filter((i) => i.incidentTimestamp <= to);
      result.incidentsRead += inWindow.length;
      await this.ingest(inWindow, result);
      const next = afterPage(state, incidents.map((i) => i.incidentTimestamp), budget.pageSize);
      if (next.done || inWindow.length < incidents.length) return;
      state = { cursor: next.cursor, newestSeen: next.newestSeen };
      after = readFrom(state, budget.overlapMs);
    }
  }

  /** Incidents that ended (resolved or deleted) since the watermark: their case incidents close. */
  private async readEndedIncidents(result: IncidentSyncResult): Promise<void> {
    const { engine, engineId, budget, clock } = this.deps;
    let state = await this.loadScan(STATE.ended);
    if (!state.cursor && !state.newestSeen) {
      // First read: no incident of ours can have ended before the oldest open one was raised (engine time,
      // like the end times; the BFF's clock is not compared with the engine's).
      const oldest = await this.deps.incidents.oldestOpenIncidentAt(engineId);
      if (!oldest) return;
      state = { cursor: null, newestSeen: oldest };
    }
    for (let page = 0; page < budget.endedPagesPerPass; page++) {
      // Ends are re-read only `freshOverlapMs` back: an end committed later than that is closed by the full
      // reconcile instead (within a round), which keeps a mass resolution from being re-read every pass.
      const ended = await engine.listIncidentsEndedAfter(readFrom(state, budget.freshOverlapMs)!, { maxResults: budget.pageSize });
      result.incidentsClosed += await this.deps.incidents.closeIncidents(engineId, ended.map((i) => i.id), clock.now());
      const next = afterPage(state, ended.map((i) => i.endTime!).filter(Boolean), budget.pageSize);
      state = { cursor: next.cursor, newestSeen: next.newestSeen };
      if (next.done) break;
    }
    await this.saveScan(STATE.ended, state);
  }

  /**
   * A few pages of the full reconcile: the engine's open incidents in id order, compared range by range
   * with the read model's. Missing ones are ingested, ones the engine no longer has close. It catches what
   * the watermarks can miss (a transaction that committed later than the overlap, a page that skipped).
   * Returns how many incidents it found missing.
   */
  private async reconcilePages(result: IncidentSyncResult): Promise<number> {
    const { engine, engineId, budget, clock, syncState } = this.deps;
    const raw = await syncState.get(engineId, STATE.reconcile);
    const state: { offset: number; roundStartedAt: string | null; lastRoundEndedAt: string | null } = raw
      ? JSON.parse(raw)
      : { offset: 0, roundStartedAt: null, lastRoundEndedAt: null };
    const now = clock.now();
    if (state.roundStartedAt === null) {
      if (state.lastRoundEndedAt && now.getTime() - new Date(state.lastRoundEndedAt).getTime() < budget.reconcileEveryMs) return 0;
      state.roundStartedAt = now.toISOString();
      state.offset = 0;
    }
    let missing = 0;
    for (let p = 0; p < budget.reconcilePagesPerPass; p++) {
      const pageReadAt = clock.now();
      const page = await engine.listOpenIncidentsById({ firstResult: state.offset, maxResults: budget.pageSize });
      const last = page.length < budget.pageSize;
      if (page.length > 0 && !sortedByBytes(page.map((i) => i.id))) {
        // An engine database that sorts ids by a locale collation cannot be compared range by range:
        // ingest what is missing, but close nothing on this evidence (the ended-incident read does that).
        const known = await this.deps.incidents.knownIncidents(engineId, page.map((i) => i.id));
        const unknown = page.filter((i) => !known.has(i.id));
        missing += unknown.length;
        await this.exclusive(() => this.ingest(unknown, result));
      } else if (page.length > 0) {
        // The engine answered one consistent snapshot of this id range: what the read model has open in it
        // and the engine does not, ended. Incidents shifted between pages are checked next round.
        const inRange = await this.deps.incidents.openIncidentIdsInRange(
          engineId,
          state.offset === 0 ? null : page[0]!.id,
          last ? null : page.at(-1)!.id,
        );
        const open = new Set(page.map((i) => i.id));
        // Only incidents older than the overlap are closed on this evidence: one ingested by the incident
        // pass after this page was read is not in the page, yet open.
        const settled = await this.deps.incidents.openIncidentIdsInRange(
          engineId,
          state.offset === 0 ? null : page[0]!.id,
          last ? null : page.at(-1)!.id,
          new Date(pageReadAt.getTime() - budget.overlapMs),
        );
        result.incidentsClosed += await this.deps.incidents.closeIncidents(engineId, settled.filter((id) => !open.has(id)), clock.now());
        const known = new Set(inRange);
        const unknown = page.filter((i) => !known.has(i.id));
        missing += unknown.length;
        await this.exclusive(() => this.ingest(unknown, result));
      } else if (state.offset === 0) {
        // The engine has no open incident at all: neither should the read model.
        const settled = await this.deps.incidents.openIncidentIdsInRange(engineId, null, null, new Date(pageReadAt.getTime() - budget.overlapMs));
        result.incidentsClosed += await this.deps.incidents.closeIncidents(engineId, settled, clock.now());
      }
      if (last) {
        state.roundStartedAt = null;
        state.lastRoundEndedAt = clock.now().toISOString();
        state.offset = 0;
        break;
      }
      state.offset += page.length;
    }
    await syncState.set(engineId, STATE.reconcile, JSON.stringify(state), clock.now());
    return missing;
  }

  /** Turns incidents into cases: the engine-side preparation, then one transaction for the writes. */
  private async ingest(incidents: EngineIncident[], result: IncidentSyncResult, seen = new Set<string>()): Promise<void> {
    const prepared = await this.prepare(incidents, seen);
    if (prepared) await this.write(prepared, result);
  }

  /**
   * What a batch needs before it is written: which incidents are new, their root-cause groups, and the
   * classification facts of the new roots (batched engine calls). `seen` holds the incidents prepared
   * earlier in this pass and maybe not written yet (the read of the next page overlaps the previous write).
   */
  private async prepare(incidents: EngineIncident[], seen: Set<string>): Promise<Prepared | null> {
    if (incidents.length === 0) return null;
    const { engine, engineId, incidents: repo } = this.deps;
    const known = await repo.knownIncidents(engineId, incidents.map((i) => i.id));
    const fresh = incidents.filter((i) => !known.has(i.id) && !seen.has(i.id));
    if (fresh.length === 0) return null;
    for (const incident of fresh) seen.add(incident.id);

    const groups = groupByRoot(fresh);
    // Parents whose root is not in this batch: the root's case may exist already, the root may be in a batch
    // of this pass not written yet (looked up when this one is written), or the root is read now.
    const orphanRoots = [...groups.values()].filter((g) => g.root === null).map((g) => g.rootId);
    const rootCases = await repo.knownIncidents(engineId, orphanRoots);
    const pendingRoots = new Set<string>();
    for (const rootId of orphanRoots) {
      if (rootCases.has(rootId)) continue;
      if (seen.has(rootId)) {
        pendingRoots.add(rootId);
        continue;
      }
      const group = groups.get(rootId)!;
      const root = (await engine.listIncidentsOfRoot(rootId)).find((i) => i.id === rootId) ?? null;
      if (root) {
        group.root = root;
        group.members.unshift(root);
        seen.add(root.id);
      } else {
        // The root ended already: each parent stands for itself, as before the root was known.
        groups.delete(rootId);
        for (const parent of group.members) groups.set(parent.id, { rootId: parent.id, root: parent, members: [parent] });
      }
    }

    const newRoots = [...groups.values()].filter((g) => g.root !== null && !rootCases.has(g.rootId) && !pendingRoots.has(g.rootId)).map((g) => g.root!);
    newRoots.sort((a, b) => (a.incidentTimestamp < b.incidentTimestamp ? -1 : a.incidentTimestamp > b.incidentTimestamp ? 1 : 0));
    const facts = await this.describeRoots(newRoots);
    return { groups, rootCases, pendingRoots, newRoots, facts };
  }

  /**
   * Writes a prepared batch in one transaction: classify in memory, then one statement each for the new
   * cases and their incidents, and one update per recurrence (a case that reopens).
   */
  private async write(batch: Prepared, result: IncidentSyncResult): Promise<void> {
    const { db, engineId, incidents: repo } = this.deps;
    const { groups, newRoots, facts } = batch;
    const now = this.deps.clock.now();
    const attached = await db.transaction(async (tx) => {
      const rootCases = new Map([...batch.rootCases, ...(await repo.knownIncidents(engineId, [...batch.pendingRoots], tx))]);
      const targets = await repo.recurrenceTargets(
        tx,
        engineId,
        newRoots.map((r) => ({ processInstanceId: r.processInstanceId, activityId: r.activityId })),
        new Date(now.getTime() - this.deps.recurrenceWindowMs),
      );
      const caseOfRoot = new Map<string, string | number>(); // case id, or index into newCases
      const newCases: NewCase[] = [];
      const newCaseOfKey = new Map<string, number>();
      for (const root of newRoots) {
        const key = recurrenceKey(root.processInstanceId, root.activityId);
        const existing = targets.get(key);
        if (existing) {
          // The same step failed again (for example after a retry): the case reopens with its history.
          targets.set(key, await this.recur(tx, existing, root, now));
          caseOfRoot.set(root.id, existing.id);
          result.casesUpdated++;
        } else if (newCaseOfKey.has(key)) {
          caseOfRoot.set(root.id, newCaseOfKey.get(key)!);
        } else {
          newCaseOfKey.set(key, newCases.length);
          caseOfRoot.set(root.id, newCases.length);
          newCases.push(this.newCase(root, facts.get(root.id)!));
        }
      }
      const ids = await repo.insertCases(tx, newCases, now);
      result.casesCreated += ids.length;
      const rows: NewIncidentRow[] = [];
      for (const group of groups.values()) {
        const target = rootCases.get(group.rootId) ?? caseOfRoot.get(group.rootId);
        if (target === undefined) continue;
        const caseId = typeof target === 'number' ? ids[target]! : target;
        for (const incident of group.members) rows.push(incidentRow(caseId, engineId, incident, group.rootId, group.root));
      }
      return repo.attachIncidents(tx, rows, now);
    });
    // Counted once committed: a batch that rolled back ingested nothing.
    this.deps.metrics?.incidentsIngested(engineId, attached);
  }

  private recur(tx: Queryable, recurring: CaseRow, root: EngineIncident, now: Date): Promise<CaseRow> {
    const reopened = recurring.status === 'RESOLVED';
    return this.deps.cases.applyChanges(
      tx,
      recurring,
      {
        status: 'OPEN',
        error_message: root.incidentMessage,
        last_seen_at: new Date(root.incidentTimestamp),
        ...(reopened ? { resolved_at: null, reopened_count: recurring.reopened_count + 1 } : {}),
      },
      now,
    );
  }

  private newCase(root: EngineIncident, facts: RootFacts): NewCase {
    const { catalog, engineId } = this.deps;
    const classification = classifyIncident(catalog, {
      processDefinitionKey: facts.definitionKey,
      processDefinitionVersion: facts.definitionVersion,
      activityId: root.activityId,
      incidentType: root.incidentType,
      topic: facts.topic,
      message: root.incidentMessage,
      details: facts.details,
    });
    const entity = parseBusinessKey(facts.businessKey);
    return {
      engineId,
      source: 'INCIDENT',
      category: classification.category,
      unclassified: classification.unclassified,
      severity: classification.severity,
      businessKey: facts.businessKey,
      entityType: entity?.type ?? null,
      entityId: entity?.id ?? null,
      processInstanceId: root.processInstanceId,
      rootProcessInstanceId: facts.rootProcessInstanceId,
      definitionId: root.processDefinitionId,
      definitionKey: facts.definitionKey,
      definitionVersion: facts.definitionVersion,
      activityId: root.activityId,
      activityName: facts.activityName,
      incidentType: root.incidentType,
      topic: facts.topic,
      errorMessage: root.incidentMessage,
      firstSeenAt: root.incidentTimestamp,
      classificationRule: classification.rule,
      runbookId: classification.runbookId,
      team: classification.team,
      slaDueAt: new Date(new Date(root.incidentTimestamp).getTime() + catalog.slaFor(classification.severity)),
      findingKey: null,
    };
  }

  /**
   * What classification needs about new root incidents, in a few batched calls for the whole batch: the
   * instances (business key, definition, version, root instance), the external tasks (topic), and the
   * activity names from the cached BPMN of each definition. Error details only where a rule tests them.
   * One root the engine cannot fully describe (its history record is missing, its task or definition gone)
   * is classified with what is known and reported as an issue: it never fails the batch.
   */
  private async describeRoots(roots: EngineIncident[]): Promise<Map<string, RootFacts>> {
    const { engine, catalog } = this.deps;
    if (roots.length === 0) return new Map();
    const taskIds = roots.filter((r) => r.incidentType === 'failedExternalTask' && r.configuration).map((r) => r.configuration!);
    const [instances, tasks] = await Promise.all([
      engine.historicProcessInstancesByIds(roots.map((r) => r.processInstanceId)),
      taskIds.length ? engine.externalTasksByIds(taskIds) : Promise.resolve([]),
    ]);
    const instanceById = new Map<string, EngineHistoricProcessInstance>(instances.map((i) => [i.id, i]));
    const topicByTask = new Map(tasks.map((t) => [t.id, t.topicName]));
    const names = new Map<string, string | null>();
    for (const definitionId of new Set(roots.map((r) => r.processDefinitionId).filter((d): d is string => !!d))) {
      const xml = await engine.getProcessDefinitionXml(definitionId).catch((error: unknown) => {
        this.noteIssue(`process definition ${definitionId}`, 'activity names', error);
        return null;
      });
      for (const root of roots.filter((r) => r.processDefinitionId === definitionId)) {
        names.set(`${definitionId}\u0000${root.activityId}`, xml ? activityNameFromXml(xml, root.activityId) : null);
      }
    }
    const withoutHistory = roots.filter((r) => !instanceById.has(r.processInstanceId));
    const running = withoutHistory.length ? await this.runningInstances(withoutHistory.map((r) => r.processInstanceId)) : new Map();
    const facts = new Map<string, RootFacts>();
    for (const root of roots) {
      const instance = instanceById.get(root.processInstanceId) ?? (await this.describeWithoutHistory(root, running?.get(root.processInstanceId) ?? null));
      const topic = root.incidentType === 'failedExternalTask' && root.configuration ? topicByTask.get(root.configuration) ?? null : null;
      facts.set(root.id, {
        businessKey: instance.businessKey,
        definitionKey: instance.processDefinitionKey,
        definitionVersion: instance.processDefinitionVersion,
        rootProcessInstanceId: instance.rootProcessInstanceId,
        topic,
        activityName: root.processDefinitionId ? names.get(`${root.processDefinitionId}\u0000${root.activityId}`) ?? null : null,
        details: null,
      });
    }
    // Details cost one call per incident: read them only where some rule would decide on them, and only for
    // tasks that still exist (the engine answers 500 for a gone one).
    const needing = roots.filter((root) => {
      const f = facts.get(root.id)!;
      if (root.incidentType === 'failedExternalTask' && !topicByTask.has(root.configuration ?? '')) return false;
      return root.configuration && classificationNeedsDetails(catalog, {
        processDefinitionKey: f.definitionKey, processDefinitionVersion: f.definitionVersion, activityId: root.activityId,
        incidentType: root.incidentType, topic: f.topic, message: root.incidentMessage,
      });
    });
    await Promise.all(needing.map(async (root) => {
      facts.get(root.id)!.details = await engine.getFailureDetails(root.incidentType, root.configuration!).catch((error: unknown) => {
        this.noteIssue(`incident ${root.id}`, 'error details', error);
        return null;
      });
    }));
    return facts;
  }

  /** Running instances by id (one batched call); null when even that fails (reported as an issue). */
  private async runningInstances(ids: string[]): Promise<Map<string, EngineRuntimeProcessInstance> | null> {
    try {
      return new Map((await this.deps.engine.runningInstancesByIds(ids)).map((i) => [i.id, i]));
    } catch (error) {
      this.noteIssue(`process instance ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ''}`, 'runtime', error);
      return null;
    }
  }

  /**
   * An incident whose instance has no history record (removed by a cleanup or a script, or history turned off):
   * described from the running instance and the definition when the engine still has them; what it cannot tell
   * stays unknown, and the case says so through the sync's issues.
   */
  private async describeWithoutHistory(root: EngineIncident, running: { businessKey: string | null; definitionId: string | null } | null): Promise<Pick<
    EngineHistoricProcessInstance, 'businessKey' | 'processDefinitionKey' | 'processDefinitionVersion' | 'rootProcessInstanceId'
  >> {
    const definitionId = running?.definitionId ?? root.processDefinitionId;
    const definition = definitionId ? await this.deps.engine.getProcessDefinition(definitionId).catch(() => null) : null;
    this.noteIssue(
      `incident ${root.id}`,
      'describe',
      `The engine has no history record of process instance ${root.processInstanceId}${running ? '' : ', and the instance is no longer running'}: the case was opened with what the incident itself says${running?.businessKey ? '' : ' (business key unknown)'}.`,
    );
    return {
      businessKey: running?.businessKey ?? null,
      processDefinitionKey: definition?.key ?? definitionId?.split(':')[0] ?? 'unknown',
      processDefinitionVersion: definition?.version ?? null,
      rootProcessInstanceId: null,
    };
  }

  /**
   * Verified resolution for the cases whose incidents all closed, a bounded batch per pass. Whatever the engine
   * shows decides, never a guess: the instance completed or the token left the step → RESOLVED; the instance
   * was cancelled → CANCELLED_IN_ENGINE (compared with the order service by the domain reconcile); the token
   * still waits at the step and no workbench command cleared the incident → CLEARED_OUTSIDE (checked again
   * until the step completes or fails again); the instance is gone from runtime and history → CLOSED. A few
   * engine queries per batch (plus one per distinct step), never one per case.
   */
  private async checkResolutions(result: IncidentSyncResult): Promise<void> {
    const { engine, engineId, budget, clock, incidents: repo } = this.deps;
    const now = clock.now();
    const candidates = (await repo.dueResolutionCandidates(engineId, budget.resolutionChecksPerPass)).filter(
      (c) => c.process_instance_id && c.activity_id,
    );
    if (candidates.length === 0) return;
    const history = new Map((await engine.historicProcessInstancesByIds(candidates.map((c) => c.process_instance_id))).map((h) => [h.id, h]));
    const withoutHistory = candidates.filter((c) => !history.has(c.process_instance_id));
    const running = withoutHistory.length ? await this.runningInstances(withoutHistory.map((c) => c.process_instance_id)) : new Map<string, EngineRuntimeProcessInstance>();
    const resolved: CaseTransition[] = [];
    const cancelled: CaseCancellation[] = [];
    const gone: CaseTransition[] = [];
    const live: CaseRow[] = [];
    for (const c of candidates) {
      const instance = history.get(c.process_instance_id);
      if (instance?.endTime) {
        if (instance.state === 'EXTERNALLY_TERMINATED') cancelled.push(cancellationOf(c, instance.endTime));
        else resolved.push({ caseId: c.id, text: `The process instance ${instance.state === 'COMPLETED' ? 'completed' : 'ended on its modelled path'}: verified resolution.` });
      } else if (instance || running?.has(c.process_instance_id)) {
        live.push(c);
      } else if (running === null) {
        // The runtime could not be asked this pass: nothing is decided about this case now.
        continue;
      } else {
        this.noteIssue(`case ${c.id}`, 'resolution', `Process instance ${c.process_instance_id} is neither running nor in the engine's history: the case was closed without a verified resolution.`);
        gone.push({ caseId: c.id, text: `Process instance ${c.process_instance_id} no longer exists in the engine, not even in its history (deleted, or removed by a cleanup): closed without a verified resolution.` });
      }
    }
    const waiting: CaseRow[] = [];
    const byActivity = new Map<string, CaseRow[]>();
    for (const c of live) byActivity.set(c.activity_id, [...(byActivity.get(c.activity_id) ?? []), c]);
    for (const [activityId, group] of byActivity) {
      const still = await engine.instancesWaitingAt(group.map((c) => c.process_instance_id), activityId);
      for (const c of group) {
        if (still.has(c.process_instance_id)) waiting.push(c);
        else resolved.push({ caseId: c.id, text: `The token left ${c.activity_name ?? c.activity_id}: the step completed and the process moved on (verified resolution).` });
      }
    }
    // Still at the step: cleared outside the workbench unless a workbench command cleared it (then the worker or
    // job has simply not run it yet).
    const worked = waiting.filter((c) => (WORKED_STATUSES as string[]).includes(c.status));
    const byWorkbench = await repo.clearedByWorkbench(worked.map((c) => c.id));
    const clearedOutside = worked.filter((c) => !byWorkbench.has(c.id)).map((c) => ({
      caseId: c.id,
      text: `The incident is gone, but the token still waits at ${c.activity_name ?? c.activity_id}: it was cleared outside the workbench (retries set or the incident resolved in Cockpit, engine REST or a script). No longer an open incident, not resolved either: the case resolves once the step completes, and reopens if it fails again.`,
    }));
    result.casesResolved += await repo.resolve(resolved, now);
    result.casesCancelled += await repo.markCancelled(cancelled, now);
    result.casesClosed += await repo.closeGone(gone, now);
    result.casesClearedOutside += await repo.markClearedOutside(clearedOutside, now);
    // Still at the step: checked again, after the others that are due (round robin within the budget).
    await repo.postpone(waiting.map((c) => c.id));
  }

  /** Engine open incidents vs the read model's, at most every `countEveryMs`, plus the read's position. */
  private async updateBacklog(scan: ScanState, count: boolean): Promise<void> {
    const { engine, engineId, budget, clock, incidents: repo } = this.deps;
    const reconcileMissing = this.lastReconcileMissing;
    const now = clock.now().getTime();
    if (count) {
      this.lastCountAt = now;
      const [engineOpen, ingested] = await Promise.all([engine.countOpenIncidents(), repo.countOpenIncidents(engineId)]);
      this.backlog = { ...this.backlog, engineOpenIncidents: engineOpen, ingestedOpenIncidents: ingested, countedAt: new Date(now).toISOString() };
    }
    // Counts are taken a moment apart from the read, so a small difference is the normal race with
    // incidents raised meanwhile; more than a page apart means incidents are waiting.
    const gap = (this.backlog.engineOpenIncidents ?? 0) - (this.backlog.ingestedOpenIncidents ?? 0);
    this.backlog = {
      ...this.backlog,
      behind: scan.cursor !== null || reconcileMissing > 0 || gap > budget.pageSize,
      oldestNotIngestedAt: scan.cursor,
    };
  }

  private async loadScan(name: string): Promise<ScanState> {
    const raw = await this.deps.syncState.get(this.deps.engineId, name);
    return raw ? (JSON.parse(raw) as ScanState) : { cursor: null, newestSeen: null };
  }

  private async saveScan(name: string, state: ScanState): Promise<void> {
    await this.deps.syncState.set(this.deps.engineId, name, JSON.stringify(state), this.deps.clock.now());
  }
}

interface Prepared {
  groups: Map<string, RootGroup>;
  rootCases: Map<string, string>;
  pendingRoots: Set<string>;
  newRoots: EngineIncident[];
  facts: Map<string, RootFacts>;
}

/** A promise awaited later: marked handled now, so a failure in flight is not an unhandled rejection. */
function guard<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function sortedByBytes(ids: string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (Buffer.compare(Buffer.from(ids[i - 1]!), Buffer.from(ids[i]!)) > 0) return false;
  return true;
}

function incidentRow(caseId: string, engineId: string, incident: EngineIncident, rootId: string, root: EngineIncident | null): NewIncidentRow {
  return {
    case_id: caseId,
    engine_id: engineId,
    incident_id: incident.id,
    incident_type: incident.incidentType,
    is_root_cause: incident.id === rootId,
    process_instance_id: incident.processInstanceId,
    process_definition_key: null,
    activity_id: incident.activityId,
    configuration: incident.configuration,
    message: incident.id === rootId ? incident.incidentMessage : incident.incidentMessage ?? root?.incidentMessage ?? null,
    created_at: incident.incidentTimestamp,
  };
}

/** A cancelled instance: an order's case waits for the order service's answer; anything else has nothing to compare with. The time is not in the words: the timeline shows it beside them. */
function cancellationOf(c: CaseRow, endedAt: string): CaseCancellation {
  const order = c.entity_type === 'ORDER' && c.entity_id !== null;
  return {
    caseId: c.id,
    endedAt,
    close: !order,
    text: order
      ? `The process instance was cancelled in the engine while the case was open: not a resolution. The order service is asked whether order ${c.entity_id} was cancelled too; until it agrees this is a domain/workflow mismatch.`
      : `The process instance was cancelled in the engine while the case was open: not a resolution. The case names no order to compare with, so it is closed.`,
  };
}

function operationRow(engineId: string, e: EngineUserOperation): NewEngineOperation {
  return {
    engine_id: engineId,
    id: e.id,
    operation_id: e.operationId,
    at: e.timestamp,
    user_id: e.userId,
    operation_type: e.operationType,
    entity_type: e.entityType,
    property: e.property,
    org_value: e.orgValue,
    new_value: e.newValue,
    process_instance_id: e.processInstanceId!,
    external_task_id: e.externalTaskId,
    job_id: e.jobId,
    annotation: e.annotation,
  };
}

interface RootFacts {
  businessKey: string | null;
  definitionKey: string;
  definitionVersion: number | null;
  rootProcessInstanceId: string | null;
  topic: string | null;
  activityName: string | null;
  /** The worker's error details or the job's stack trace, only when a rule tests them (else null). */
  details: string | null;
}

export function activityNameFromXml(xml: string, activityId: string): string | null {
  const escaped = activityId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const element = new RegExp(`<[\\w:]+\\s[^>]*\\bid="${escaped}"[^>]*>`).exec(xml)?.[0];
  const name = element ? /\bname="([^"]*)"/.exec(element)?.[1] : undefined;
  return name ? name.replace(/&#10;|&#xA;/gi, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') : null;
}
