/**
 * Generates the diagram interchange (DI) of every workflows/<folder>/*.bpmn so bpmn-js can draw it.
 *
 *   npx tsx workflows/tools/layout.ts            # rewrite all BPMN files in place
 *   npx tsx workflows/tools/layout.ts --check    # exit 1 if a file's DI is missing or stale
 *
 * The semantic XML (what the engine executes) is written by hand and kept byte for byte; this script only
 * replaces the <bpmndi:BPMNDiagram> block. Rerunning it on an already laid-out file gives the same output.
 *
 * bpmn-auto-layout places the main path well, but it stacks boundary events on top of each other on the
 * host's bottom edge and sends the exception branches far away with crossing edges. So its grid positions are
 * kept for the elements of the main path and this script then:
 *   - spreads boundary events along the host: non-interrupting timers on the top edge, the others on the
 *     bottom edge (branches that end the process on the left, branches that rejoin the main path on the right);
 *   - places each exception branch in a band just above or below its host;
 *   - routes every edge that touches a moved element orthogonally, and gives boundary events explicit labels.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutProcess } from 'bpmn-auto-layout';

type Box = { x: number; y: number; w: number; h: number };
type Point = { x: number; y: number };

interface FlowNode {
  id: string;
  type: string;
  attachedTo?: string;
  cancelActivity: boolean;
  timer: boolean;
}

interface Flow {
  id: string;
  source: string;
  target: string;
}

const DI_BLOCK = /\s*<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/;
const DI_NAMESPACES: Record<string, string> = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
};

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name = '', value = ''] of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[name] = value;
  return out;
}

function required(a: Record<string, string>, name: string, where: string): string {
  const value = a[name];
  if (value === undefined) throw new Error(`${where} has no ${name} attribute`);
  return value;
}

/** Reads the flow nodes and sequence flows of the (single) executable process. */
function readSemantics(xml: string): { processId: string; nodes: Map<string, FlowNode>; flows: Flow[] } {
  const processTag = /<bpmn:process\b[^>]*>/.exec(xml);
  if (!processTag) throw new Error('no <bpmn:process> found');
  const processId = required(attrs(processTag[0]), 'id', '<bpmn:process>');
  const body = xml.slice(processTag.index, xml.indexOf('</bpmn:process>'));
  const nodes = new Map<string, FlowNode>();
  const flows: Flow[] = [];
  const elementRe = /<bpmn:(\w+)\b([^>]*?)(\/>|>([\s\S]*?)<\/bpmn:\1>)/g;
  for (const m of body.matchAll(elementRe)) {
    const [, type = '', rawAttrs = '', , inner = ''] = m;
    const a = attrs(rawAttrs);
    const id = a.id;
    if (!id) continue;
    if (type === 'sequenceFlow') {
      flows.push({ id, source: required(a, 'sourceRef', id), target: required(a, 'targetRef', id) });
    } else if (!['incoming', 'outgoing', 'extensionElements', 'conditionExpression'].includes(type)) {
      nodes.set(id, {
        id,
        type,
        attachedTo: a.attachedToRef,
        cancelActivity: a.cancelActivity !== 'false',
        timer: inner.includes('timerEventDefinition'),
      });
    }
  }
  return { processId, nodes, flows };
}

function readBounds(laidOut: string): Map<string, Box> {
  const boxes = new Map<string, Box>();
  const shapeRe = /<bpmndi:BPMNShape\b[^>]*bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds\b([^>]*)\/>/g;
  for (const [, element = '', bounds = ''] of laidOut.matchAll(shapeRe)) {
    const b = attrs(bounds);
    boxes.set(element, { x: Number(b.x), y: Number(b.y), w: Number(b.width), h: Number(b.height) });
  }
  return boxes;
}

function readWaypoints(laidOut: string): Map<string, Point[]> {
  const edges = new Map<string, Point[]>();
  const edgeRe = /<bpmndi:BPMNEdge\b[^>]*bpmnElement="([^"]+)"[^>]*>([\s\S]*?)<\/bpmndi:BPMNEdge>/g;
  for (const [, element = '', inner = ''] of laidOut.matchAll(edgeRe)) {
    const points = [...inner.matchAll(/<di:waypoint\b([^>]*)\/>/g)].map(([, w = '']) => {
      const a = attrs(w);
      return { x: Number(a.x), y: Number(a.y) };
    });
    edges.set(element, points);
  }
  return edges;
}

const cx = (b: Box) => b.x + b.w / 2;
const cy = (b: Box) => b.y + b.h / 2;
const overlaps = (a: Box, b: Box, margin = 20) =>
  a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;

/** Events carry their label below them; reserve that room when checking for collisions. */
const footprint = (b: Box): Box => (b.w === 36 ? { ...b, h: b.h + 34 } : b);

const BAND_GAP = 120; // distance from the host's edge to the centre line of its exception branch
const STEP = 50; // horizontal gap between consecutive elements of a branch

export async function layoutBpmn(sourceXml: string): Promise<string> {
  const semantic = sourceXml.replace(DI_BLOCK, '');
  const laidOut = await layoutProcess(semantic);
  const { processId, nodes, flows } = readSemantics(semantic);
  const boxes = readBounds(laidOut);
  const autoWaypoints = readWaypoints(laidOut);
  const labels = new Map<string, Box>();
  const outgoing = (id: string) => flows.filter((f) => f.source === id);
  const incoming = (id: string) => flows.filter((f) => f.target === id);

  // Elements reachable from a start event without passing through a boundary event form the main path.
  const main = new Set<string>();
  const queue = [...nodes.values()].filter((n) => n.type === 'startEvent').map((n) => n.id);
  while (queue.length) {
    const id = queue.shift()!;
    if (main.has(id)) continue;
    main.add(id);
    for (const f of outgoing(id)) queue.push(f.target);
  }

  // Each boundary event owns the chain of non-main elements behind it.
  const branchOf = (boundaryId: string): { chain: string[]; rejoins: boolean } => {
    const chain: string[] = [];
    let rejoins = false;
    const todo = outgoing(boundaryId).map((f) => f.target);
    while (todo.length) {
      const id = todo.shift()!;
      if (main.has(id)) {
        rejoins = true;
        continue;
      }
      if (chain.includes(id)) continue;
      chain.push(id);
      todo.push(...outgoing(id).map((f) => f.target));
    }
    return { chain, rejoins };
  };

  const moved = new Set<string>();
  /** Occupied areas (element footprints and connecting lines), keyed by what occupies them. */
  const placed = new Map<string, Box>();
  const isFree = (candidates: Box[], except?: string) =>
    candidates.every((c) => [...placed].every(([key, p]) => key === except || !overlaps(c, p)));
  const vLine = (x: number, y1: number, y2: number): Box => ({ x: x - 1, y: Math.min(y1, y2), w: 2, h: Math.abs(y2 - y1) });
  const hLine = (y: number, x1: number, x2: number): Box => ({ x: Math.min(x1, x2), y: y - 1, w: Math.abs(x2 - x1), h: 2 });
  const MAX_TRIES = 12;

  // The main path is occupied, so exception bands never sit on top of it.
  for (const id of main) {
    const b = boxes.get(id);
    if (b) placed.set(id, footprint(b));
  }

  // Side exits of a gateway that end the process right away (e.g. an AUTO or a rejected outcome): auto-layout
  // puts them wherever its grid had room, often far below. Pull them next to their gateway instead.
  for (const id of main) {
    const n = nodes.get(id)!;
    const into = incoming(id);
    if (n.type !== 'endEvent' || into.length !== 1) continue;
    const gateway = nodes.get(into[0]!.source)!;
    const g = boxes.get(gateway.id)!;
    const own = boxes.get(id)!;
    if (!gateway.type.endsWith('Gateway') || Math.abs(cy(own) - cy(g)) < 1) continue;
    let done = false;
    for (let attempt = 1; attempt <= MAX_TRIES && !done; attempt++) {
      for (const centre of [cy(g) + attempt * 100, cy(g) - attempt * 100]) {
        const box = { x: cx(g) + STEP, y: centre - own.h / 2, w: own.w, h: own.h };
        // (the line is checked from a little away from the gateway, which itself is occupied)
        const line = vLine(cx(g), centre < cy(g) ? g.y - 25 : g.y + g.h + 25, centre);
        if (!isFree([footprint(box), line], id)) continue;
        boxes.set(id, box);
        placed.set(id, footprint(box));
        placed.set(`line:${id}`, line);
        moved.add(id);
        done = true;
        break;
      }
    }
    if (!done) throw new Error(`no free place for ${id}`);
  }

  // Boundary events and the exception branches behind them.
  const side = new Map<string, 'top' | 'bottom'>();
  const hosts = new Map<string, FlowNode[]>();
  for (const n of nodes.values()) {
    if (n.type !== 'boundaryEvent' || !n.attachedTo) continue;
    hosts.set(n.attachedTo, [...(hosts.get(n.attachedTo) ?? []), n]);
  }
  for (const [hostId, boundaries] of hosts) {
    const host = boxes.get(hostId);
    if (!host) throw new Error(`no shape for ${hostId}`);
    const branches = new Map(boundaries.map((b) => [b.id, branchOf(b.id)]));
    const top = boundaries.filter((b) => b.timer && !b.cancelActivity);
    const bottom = boundaries
      .filter((b) => !top.includes(b))
      .sort((a, b) => Number(branches.get(a.id)!.rejoins) - Number(branches.get(b.id)!.rejoins));
    for (const [edge, list] of [
      ['top', top],
      ['bottom', bottom],
    ] as const) {
      list.forEach((boundary, index) => {
        const box = {
          x: host.x + (host.w * (index + 1)) / (list.length + 1) - 18,
          y: edge === 'top' ? host.y - 18 : host.y + host.h - 18,
          w: 36,
          h: 36,
        };
        boxes.set(boundary.id, box);
        side.set(boundary.id, edge);
        moved.add(boundary.id);
        const { chain, rejoins } = branches.get(boundary.id)!;
        // Label beside the line that leaves the event: left for the first, right for a rejoining one.
        const labelRight = rejoins || (list.length === 1 && edge === 'top');
        labels.set(boundary.id, {
          x: labelRight ? cx(box) + 6 : cx(box) - 6 - 90,
          y: edge === 'top' ? box.y - 42 : box.y + box.h + (rejoins ? 22 : 4),
          w: 90,
          h: 40,
        });
        if (!chain.length) return;
        // Lay the branch out left to right in a band above/below the host; move further out on collision.
        let done = false;
        for (let attempt = 0; attempt < MAX_TRIES && !done; attempt++) {
          const offset = BAND_GAP + attempt * 100;
          const centre = edge === 'top' ? host.y - offset : host.y + host.h + offset;
          let x = cx(box) + STEP;
          const trial = new Map<string, Box>();
          for (const id of chain) {
            const b = boxes.get(id)!;
            trial.set(id, { x, y: centre - b.h / 2, w: b.w, h: b.h });
            x += b.w + STEP;
          }
          const line = vLine(cx(box), edge === 'top' ? box.y - 25 : box.y + box.h + 25, centre);
          const lineIn = hLine(centre, cx(box), cx(box) + STEP);
          if (!isFree([...[...trial.values()].map(footprint), line, lineIn])) continue;
          for (const [id, b] of trial) {
            boxes.set(id, b);
            placed.set(id, footprint(b));
            moved.add(id);
          }
          placed.set(`line:${boundary.id}`, line);
          done = true;
        }
        if (!done) throw new Error(`no free band for the branch of ${boundary.id}`);
      });
    }
  }

  // Route edges. Untouched main-path edges keep the auto-layout waypoints.
  const waypoints = new Map<string, Point[]>();
  for (const f of flows) {
    const s = boxes.get(f.source)!;
    const t = boxes.get(f.target)!;
    const sNode = nodes.get(f.source)!;
    const tNode = nodes.get(f.target)!;
    let points: Point[];
    if (sNode.type === 'boundaryEvent') {
      const up = side.get(sNode.id) === 'top';
      const start = { x: cx(s), y: up ? s.y : s.y + s.h };
      if (main.has(f.target)) {
        // Rejoin: drop into a lane just below the host, run right, enter the target from below.
        const laneY = s.y + s.h + 16;
        points = [start, { x: start.x, y: laneY }, { x: cx(t), y: laneY }, { x: cx(t), y: t.y + t.h }];
      } else {
        points = [start, { x: start.x, y: cy(t) }, { x: t.x, y: cy(t) }];
      }
    } else if (!moved.has(f.source) && !moved.has(f.target) && autoWaypoints.has(f.id)) {
      points = autoWaypoints.get(f.id)!;
    } else if (Math.abs(cy(s) - cy(t)) < 1) {
      points = [
        { x: s.x + s.w, y: cy(s) },
        { x: t.x, y: cy(t) },
      ];
    } else if (sNode.type.endsWith('Gateway')) {
      const down = cy(t) > cy(s);
      points = [
        { x: cx(s), y: down ? s.y + s.h : s.y },
        { x: cx(s), y: cy(t) },
        { x: t.x, y: cy(t) },
      ];
    } else if (tNode.type.endsWith('Gateway')) {
      const fromBelow = cy(s) > cy(t);
      points = [
        { x: s.x + s.w, y: cy(s) },
        { x: cx(t), y: cy(s) },
        { x: cx(t), y: fromBelow ? t.y + t.h : t.y },
      ];
    } else {
      const midX = (s.x + s.w + t.x) / 2;
      points = [
        { x: s.x + s.w, y: cy(s) },
        { x: midX, y: cy(s) },
        { x: midX, y: cy(t) },
        { x: t.x, y: cy(t) },
      ];
    }
    waypoints.set(f.id, points);
  }

  // Gateway labels go where no edge touches the gateway: below by default, above when the bottom is used.
  for (const n of nodes.values()) {
    if (!n.type.endsWith('Gateway')) continue;
    const g = boxes.get(n.id)!;
    const ends = flows
      .filter((f) => f.source === n.id || f.target === n.id)
      .map((f) => {
        const pts = waypoints.get(f.id)!;
        return f.source === n.id ? pts[0]! : pts[pts.length - 1]!;
      });
    const usesBottom = ends.some((p) => Math.abs(p.y - (g.y + g.h)) < 1);
    const usesTop = ends.some((p) => Math.abs(p.y - g.y) < 1);
    if (!usesBottom) continue;
    labels.set(
      n.id,
      usesTop
        ? { x: g.x - 95, y: g.y - 30, w: 90, h: 27 }
        : { x: cx(g) - 45, y: g.y - 32, w: 90, h: 27 },
    );
  }

  // Shift everything so the diagram starts at a small positive margin.
  const all = [...boxes.values(), ...labels.values()];
  const dx = 40 - Math.min(...all.map((b) => b.x));
  const dy = 40 - Math.min(...all.map((b) => b.y));
  const r = (v: number) => Math.round(v);
  const bounds = (b: Box) => `<dc:Bounds x="${r(b.x + dx)}" y="${r(b.y + dy)}" width="${r(b.w)}" height="${r(b.h)}" />`;

  const lines: string[] = [];
  lines.push(`  <bpmndi:BPMNDiagram id="BPMNDiagram_${processId}">`);
  lines.push(`    <bpmndi:BPMNPlane id="BPMNPlane_${processId}" bpmnElement="${processId}">`);
  // Hosts before their boundary events, so the events are drawn on top.
  const order = [...nodes.values()].sort((a, b) => Number(a.type === 'boundaryEvent') - Number(b.type === 'boundaryEvent'));
  for (const n of order) {
    const b = boxes.get(n.id);
    if (!b) throw new Error(`auto-layout produced no shape for ${n.id}`);
    const marker = n.type === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
    lines.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${marker}>`);
    lines.push(`        ${bounds(b)}`);
    const label = labels.get(n.id);
    if (label) lines.push(`        <bpmndi:BPMNLabel>${bounds(label)}</bpmndi:BPMNLabel>`);
    lines.push(`      </bpmndi:BPMNShape>`);
  }
  for (const f of flows) {
    lines.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">`);
    for (const p of waypoints.get(f.id)!) lines.push(`        <di:waypoint x="${r(p.x + dx)}" y="${r(p.y + dy)}" />`);
    lines.push(`      </bpmndi:BPMNEdge>`);
  }
  lines.push(`    </bpmndi:BPMNPlane>`);
  lines.push(`  </bpmndi:BPMNDiagram>`);

  // Declare the DI namespaces on the root element if the hand-written file does not.
  let out = semantic.replace(/<bpmn:definitions\b[^>]*>/, (root) => {
    let tag = root;
    for (const [prefix, uri] of Object.entries(DI_NAMESPACES)) {
      if (!tag.includes(`xmlns:${prefix}=`)) tag = tag.replace(/>$/, ` xmlns:${prefix}="${uri}">`);
    }
    return tag;
  });
  out = out.replace(/\s*<\/bpmn:definitions>\s*$/, `\n${lines.join('\n')}\n</bpmn:definitions>\n`);
  return out;
}

export function findBpmnFiles(workflowsDir: string): string[] {
  const files: string[] = [];
  for (const folder of readdirSync(workflowsDir).sort()) {
    const dir = join(workflowsDir, folder);
    if (folder === 'tools' || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.bpmn')) files.push(join(dir, f));
  }
  return files;
}

async function main() {
  const workflowsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const file of findBpmnFiles(workflowsDir)) {
    const before = readFileSync(file, 'utf8');
    const after = await layoutBpmn(before);
    if (before === after) {
      console.log(`unchanged ${file}`);
    } else if (check) {
      console.log(`STALE     ${file}`);
      stale++;
    } else {
      writeFileSync(file, after);
      console.log(`laid out  ${file}`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
