import { describe, expect, it } from 'vitest';
import { takenFlows } from './case-detail.js';
import { activityNameFromXml } from '../sync/incident-sync.js';

const xml = `<bpmn:process id="p">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a" />
  <bpmn:serviceTask id="a" name="Check &amp; reserve" />
  <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />
  <bpmn:sequenceFlow id="f3" sourceRef="a" targetRef="c" />
  <bpmn:serviceTask id="b" name="B" />
</bpmn:process>`;

describe('takenFlows', () => {
  it('marks a flow when its source finished and its target was reached', () => {
    expect(takenFlows(xml, new Set(['start', 'a']), new Set(['start', 'a', 'b']))).toEqual(['f1', 'f2']);
  });
  it('marks nothing past a token that has not finished', () => {
    expect(takenFlows(xml, new Set(['start']), new Set(['start', 'a']))).toEqual(['f1']);
  });
});

describe('activityNameFromXml', () => {
  it('reads and unescapes the name of an activity', () => {
    expect(activityNameFromXml(xml, 'a')).toBe('Check & reserve');
    expect(activityNameFromXml(xml, 'missing')).toBeNull();
  });
});
