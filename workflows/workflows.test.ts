// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredKeys, DEFAULT_WORKFLOWS_DIR, listWorkflowFolders, readResources } from './deploy.js';
import { findBpmnFiles, layoutBpmn } from './tools/layout.js';

const folders = listWorkflowFolders();
const resources = folders.flatMap((folder) => readResources(join(DEFAULT_WORKFLOWS_DIR, folder)).map((r) => ({ folder, ...r })));
const bpmn = resources.filter((r) => r.name.endsWith('.bpmn'));

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const shapeBounds = (xml: string, id: string) => {
  const m = new RegExp(`<bpmndi:BPMNShape[^>]*bpmnElement="${id}"[^>]*>\\s*<dc:Bounds ([^>]*)/>`).exec(xml);
  if (!m) return undefined;
  const b = m[1]!;
  return { x: Number(attr(b, 'x')), y: Number(attr(b, 'y')), w: Number(attr(b, 'width')), h: Number(attr(b, 'height')) };
};

describe('workflow folders', () => {
  it('are the five deployment units, one process each (plus the routing DMN)', () => {
    expect(folders).toEqual(['billing-handoff', 'change-order', 'fallout-handling', 'order-orchestration', 'quote-approval']);
    const keys = resources.flatMap(declaredKeys).map((k) => `${k.kind}:${k.key}`).sort();
    expect(keys).toEqual([
      'decision:approval-routing',
      'process:billing-handoff',
      'process:change-order',
      'process:fallout-handling',
      'process:order-orchestration',
      'process:quote-approval',
    ]);
  });

  it('set a history time to live on every process and decision (Camunda 7.20+ refuses them otherwise)', () => {
    for (const r of resources) {
      const tags = [...r.content.matchAll(/<(?:bpmn:process|decision)\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length, r.name).toBeGreaterThan(0);
      for (const tag of tags) expect(attr(tag, 'camunda:historyTimeToLive'), `${r.name}: ${tag}`).toMatch(/^\d+$/);
    }
  });

  it('keep the activity ids the workbench catalog keys on', () => {
    const order = readFileSync(join(DEFAULT_WORKFLOWS_DIR, 'order-orchestration', 'order-orchestration.bpmn'), 'utf8');
    for (const id of [
      'validateOrder',
      'checkAvailability',
      'reserveInventory',
      'reservationConfirmedByOperator',
      'reservationFailedByOperator',
      'reservationFailedEnd',
      'waitForReservationCallback',
      'billingHandoff',
      'billingConfirmedByOperator',
      'generateDocument',
      'notifyCustomer',
      'orderFulfilled',
      'orderRejected',
    ]) {
      expect(order, id).toContain(`id="${id}"`);
    }
    const billing = readFileSync(join(DEFAULT_WORKFLOWS_DIR, 'billing-handoff', 'billing-handoff.bpmn'), 'utf8');
    expect(billing).toMatch(/id="billingHandoffTask"[^>]*camunda:topic="billing-handoff"/);
  });
});

describe('business rejections', () => {
  // The order view's history reads these two variables to say why a run ended on an error path: the engine
  // keeps a BPMN error's code and message nowhere else (not in the external task log, not in the activity history).
  it('map the caught BPMN error code and message to the variables errorCode and errorMessage', () => {
    const order = readFileSync(join(DEFAULT_WORKFLOWS_DIR, 'order-orchestration', 'order-orchestration.bpmn'), 'utf8');
    const definitions = [...order.matchAll(/<bpmn:errorEventDefinition [^>]*>/g)].map((m) => m[0]);
    expect(definitions).toHaveLength(2);
    for (const tag of definitions) {
      expect(attr(tag, 'camunda:errorCodeVariable'), tag).toBe('errorCode');
      expect(attr(tag, 'camunda:errorMessageVariable'), tag).toBe('errorMessage');
    }
  });
});

describe('diagram interchange', () => {
  it('draws every flow node and every sequence flow', () => {
    for (const r of bpmn) {
      const process = r.content.slice(r.content.indexOf('<bpmn:process'), r.content.indexOf('</bpmn:process>'));
      const ids = [...process.matchAll(/<bpmn:(\w+) id="([^"]+)"/g)]
        .filter(([, type]) => !['conditionExpression', 'timeDuration'].includes(type!) && !type!.endsWith('EventDefinition'))
        .map(([, type, id]) => ({ type: type!, id: id! }));
      expect(ids.length, r.name).toBeGreaterThan(2);
      for (const { type, id } of ids) {
        const di = type === 'sequenceFlow' ? `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">` : `bpmnElement="${id}"`;
        expect(r.content, `${r.name}: ${type} ${id}`).toContain(di);
      }
    }
  });

  it('puts each boundary event on the border of its host', () => {
    let checked = 0;
    for (const r of bpmn) {
      for (const m of r.content.matchAll(/<bpmn:boundaryEvent id="([^"]+)"[^>]*attachedToRef="([^"]+)"/g)) {
        const event = shapeBounds(r.content, m[1]!)!;
        const host = shapeBounds(r.content, m[2]!)!;
        const cx = event.x + event.w / 2;
        const cy = event.y + event.h / 2;
        expect(cx, m[1]).toBeGreaterThan(host.x);
        expect(cx, m[1]).toBeLessThan(host.x + host.w);
        expect([host.y, host.y + host.h], m[1]).toContain(cy);
        checked++;
      }
    }
    expect(checked).toBe(8); // 6 in order-orchestration, 2 in quote-approval
  });

  it('is what the layout script generates (run `npx tsx workflows/tools/layout.ts` after editing a model)', async () => {
    for (const file of findBpmnFiles(DEFAULT_WORKFLOWS_DIR)) {
      const current = readFileSync(file, 'utf8');
      expect(await layoutBpmn(current), file).toBe(current);
    }
  });
});
