// Classification + upsert throughput: captured engine incidents classified with the reference catalog and
// written as new cases in batches of 500 (one transaction and two set-based statements per batch), as the sync
// writes a storm.
// Run: npx tsx bench/case-upsert.ts            (embedded PGlite)
//      DATABASE_URL=postgres://… npx tsx bench/case-upsert.ts   (a PostgreSQL database you can throw away)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../src/server/catalog/load.js';
import { classifyIncident } from '../src/server/fallout/classify.js';
import { factsOf, type IncidentCapture } from '../src/server/fallout/fixtures/types.js';
import { IncidentSyncRepo } from '../src/server/store/incident-sync-repo.js';
import { openDb } from '../src/server/store/db.js';
import { migrate } from '../src/server/store/migrate.js';

const CASES = Number(process.env.BENCH_CASES ?? 2000);
const capture = JSON.parse(readFileSync(path.resolve('src/server/fallout/fixtures/incidents.json'), 'utf8')) as IncidentCapture;
const catalog = await loadCatalog(path.resolve('workflows'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
await migrate(db);
const repo = new IncidentSyncRepo(db);

const BATCH = 500;
const started = performance.now();
for (let first = 0; first < CASES; first += BATCH) {
  const now = new Date();
  const batch = Array.from({ length: Math.min(BATCH, CASES - first) }, (_, k) => first + k);
  const input = batch.map((i) => {
    const c = capture.incidents[i % capture.incidents.length]!;
    const classification = classifyIncident(catalog, factsOf(c));
    return {
      c,
      input: {
        engineId: 'bench', source: 'INCIDENT' as const, category: classification.category, unclassified: classification.unclassified,
        severity: classification.severity, businessKey: `order:ORD-B${i}`, entityType: 'ORDER', entityId: `ORD-B${i}`,
        processInstanceId: `pi-${i}`, rootProcessInstanceId: `pi-${i}`, definitionId: `${c.processDefinition.key}:1:x`,
        definitionKey: c.processDefinition.key, definitionVersion: c.processDefinition.version, activityId: c.incident.activityId,
        activityName: null, incidentType: c.incident.incidentType, topic: c.topic, errorMessage: c.incident.incidentMessage,
        firstSeenAt: now.toISOString(), classificationRule: classification.rule, runbookId: classification.runbookId,
        team: classification.team, slaDueAt: new Date(now.getTime() + catalog.slaFor(classification.severity)), findingKey: null,
      },
    };
  });
  // As the sync writes a page of a storm: one transaction, one statement for the cases, one for the incidents.
  await db.transaction(async (tx) => {
    const ids = await repo.insertCases(tx, input.map((x) => x.input), now);
    await repo.attachIncidents(tx, input.map(({ c }, k) => ({
      case_id: ids[k]!, engine_id: 'bench', incident_id: `inc-${batch[k]}`, incident_type: c.incident.incidentType, is_root_cause: true,
      process_instance_id: `pi-${batch[k]}`, process_definition_key: c.processDefinition.key, activity_id: c.incident.activityId,
      configuration: null, message: c.incident.incidentMessage, created_at: now.toISOString(),
    })));
  });
}
const elapsed = performance.now() - started;
console.log(`${CASES} incidents classified and upserted as cases on ${db.kind} in ${elapsed.toFixed(0)} ms: ${Math.round((CASES / elapsed) * 1000)} cases/s`);
await db.close();
