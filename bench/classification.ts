// Classification throughput: 100 000 incident facts drawn from the incidents captured from the real engine
// (src/server/fallout/fixtures/incidents.json), classified with the reference ops catalog.
// Run: npx tsx bench/classification.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../src/server/catalog/load.js';
import { classifyIncident, type IncidentFacts } from '../src/server/fallout/classify.js';
import { factsOf, type IncidentCapture } from '../src/server/fallout/fixtures/types.js';

const FACTS = 100_000;

const capture = JSON.parse(readFileSync(path.resolve('src/server/fallout/fixtures/incidents.json'), 'utf8')) as IncidentCapture;
const samples: IncidentFacts[] = capture.incidents.map(factsOf);
const facts = Array.from({ length: FACTS }, (_, i) => samples[i % samples.length]!);

const loadStarted = performance.now();
const catalog = await loadCatalog(path.resolve('workflows'));
const loadMs = performance.now() - loadStarted;

// Warm up the JIT so the measurement is of steady-state classification.
for (const f of facts.slice(0, 10_000)) classifyIncident(catalog, f);

const byCategory = new Map<string, number>();
const started = performance.now();
for (const f of facts) {
  const { category } = classifyIncident(catalog, f);
  byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
}
const elapsedMs = performance.now() - started;

console.log(`catalog ${catalog.version}: ${catalog.rules.length} rules, loaded in ${loadMs.toFixed(0)} ms`);
console.log(`classified ${FACTS.toLocaleString('en')} facts (${samples.length} captured incidents, cycled) in ${elapsedMs.toFixed(0)} ms`);
console.log(`throughput: ${Math.round(FACTS / (elapsedMs / 1000)).toLocaleString('en')} facts/s`);
console.log(`categories: ${[...byCategory].map(([c, n]) => `${c} ${n}`).join(', ')}`);
