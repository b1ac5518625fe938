// Classification + upsert throughput: captured engine incidents classified with the reference catalog and
// written as new cases (case row + incident row, one transaction each), as the sync does for a storm.
// Run: npx tsx bench/case-upsert.ts            (embedded PGlite)
//      DATABASE_URL=postgres://… npx tsx bench/case-upsert.ts   (a PostgreSQL database you can throw away)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../src/server/catalog/load.js';
import { classifyIncident } from '../src/server/fallout/classify.js';
import { factsOf, type IncidentCapture } from '../src/server/fallout/fixtures/types.js';
import { CasesRepo } from '../src/server/store/cases-repo.js';
import { openDb } from '../src/server/store/db.js';
import { migrate } from '../src/server/store/migrate.js';

const CASES = Number(process.env.BENCH_CASES ?? 2000);
const capture = JSON.parse(readFileSync(path.resolve('src/server/fallout/fixtures/incidents.json'), 'utf8')) as IncidentCapture;
const catalog = await loadCatalog(path.resolve('workflows'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
await migrate(db);
const cases = new CasesRepo(db);

const started = performance.now();
for (let i = 0; i < CASES; i++) {
  const c = capture.incidents[i % capture.incidents.length]!;
  const classification = classifyIncident(catalog, factsOf(c));
  const now = new Date();
  await db.transaction(async (tx) => {
    const row = await cases.create(tx, {
      engineId: 'bench', source: 'INCIDENT', category: classification.category, unclassified: classification.unclassified,
      severity: classification.severity, businessKey: `order:ORD-B${i}`, entityType: 'ORDER', entityId: `ORD-B${i}`,
      processInstanceId: `pi-${i}`, rootProcessInstanceId: `pi-${i}`, definitionId: `${c.processDefinition.key}:1:x`,
      definitionKey: c.processDefinition.key, definitionVersion: c.processDefinition.version, activityId: c.incident.activityId,
      activityName: null, incidentType: c.incident.incidentType, topic: c.topic, errorMessage: c.incident.incidentMessage,
      firstSeenAt: now.toISOString(), classificationRule: classification.rule, runbookId: classification.runbookId,
      team: classification.team, slaDueAt: new Date(now.getTime() + catalog.slaFor(classification.severity)), findingKey: null,
    }, now);
    await cases.attachIncident(tx, {
      case_id: row.id, engine_id: 'bench', incident_id: `inc-${i}`, incident_type: c.incident.incidentType, is_root_cause: true,
      process_instance_id: `pi-${i}`, process_definition_key: c.processDefinition.key, activity_id: c.incident.activityId,
      configuration: null, message: c.incident.incidentMessage, created_at: now.toISOString(),
    });
  });
}
const elapsed = performance.now() - started;
console.log(`${CASES} incidents classified and upserted as cases on ${db.kind} in ${elapsed.toFixed(0)} ms: ${Math.round((CASES / elapsed) * 1000)} cases/s`);
await db.close();
