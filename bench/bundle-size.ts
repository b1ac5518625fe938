// Bundle budget: the JavaScript the first route loads (entry script + its modulepreloads), gzipped, and
// which chunks hold bpmn-js and recharts (neither may be in the first route). Run after `npm run build`: npx tsx bench/bundle-size.ts
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = path.resolve('dist/web');
const BUDGET_KIB = 150;

const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const gz = (file: string) => gzipSync(readFileSync(path.join(DIST, file))).length;
const firstRouteBytes = initial.reduce((sum, file) => sum + gz(file), 0);

const chunks = readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
const bpmnChunks = chunks.filter((f) => /NavigatedViewer|diagram-js|bpmn-js/.test(readFileSync(path.join(DIST, 'assets', f), 'utf8').slice(0, 400_000)) && readFileSync(path.join(DIST, 'assets', f), 'utf8').includes('bpmn:Definitions'));

console.log(`first route JS (gzipped): ${(firstRouteBytes / 1024).toFixed(1)} KiB across ${initial.length} files (budget ${BUDGET_KIB} KiB)`);
for (const file of initial) console.log(`  ${file}: ${(gz(file) / 1024).toFixed(1)} KiB`);
console.log(`chunks containing bpmn-js: ${bpmnChunks.join(', ') || 'none'}`);
const leaked = bpmnChunks.filter((f) => initial.includes(`assets/${f}`));
if (leaked.length) console.log(`bpmn-js is in the first route: ${leaked.join(', ')}`);

// recharts belongs to the dashboard's lazy chunk only. Its modules are recognised by names that survive
// minification (component display names and the class names it puts on the SVG).
const rechartsChunks = chunks.filter((f) => /recharts-(?:surface|wrapper|cartesian-axis)/.test(readFileSync(path.join(DIST, 'assets', f), 'utf8')));
console.log(`chunks containing recharts: ${rechartsChunks.join(', ') || 'none'}`);
const rechartsLeaked = rechartsChunks.filter((f) => initial.includes(`assets/${f}`));
if (rechartsLeaked.length) console.log(`recharts is in the first route: ${rechartsLeaked.join(', ')}`);

process.exitCode = firstRouteBytes / 1024 > BUDGET_KIB || leaked.length || rechartsLeaked.length ? 1 : 0;
