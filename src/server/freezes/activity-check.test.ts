import { describe, expect, it } from 'vitest';
import { findFlowNode } from './activity-check.js';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
  <bpmn:message id="Message_Cb" name="Cb" />
  <bpmn:process id="order-orchestration" isExecutable="true">
    <bpmn:serviceTask id="validateOrder" name="Validate order" camunda:asyncBefore="true" camunda:expression="\${true}">
      <bpmn:outgoing>flowToCheck</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="checkAvailability" name="Check availability" camunda:type="external" camunda:topic="check-availability" />
    <bpmn:boundaryEvent id="inventoryRejected" attachedToRef="checkAvailability">
      <bpmn:errorEventDefinition id="ErrorDef" />
    </bpmn:boundaryEvent>
    <bpmn:receiveTask id="waitForCallback" name="Wait" messageRef="Message_Cb" />
    <bpmn:intermediateThrowEvent id="notifyByMessage">
      <bpmn:messageEventDefinition id="MsgDef" camunda:type="external" camunda:topic="notify" />
    </bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="flowToCheck" sourceRef="validateOrder" targetRef="checkAvailability" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="order-orchestration">
    <bpmndi:BPMNShape id="ghostShape_di" bpmnElement="ghostShape" />
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('findFlowNode', () => {
  it('finds tasks and events by id and tells external-task work from the rest', () => {
    expect(findFlowNode(XML, 'checkAvailability')).toEqual({ type: 'serviceTask', name: 'Check availability', external: true });
    expect(findFlowNode(XML, 'validateOrder')).toEqual({ type: 'serviceTask', name: 'Validate order', external: false });
    expect(findFlowNode(XML, 'waitForCallback')).toEqual({ type: 'receiveTask', name: 'Wait', external: false });
    expect(findFlowNode(XML, 'inventoryRejected')).toEqual({ type: 'boundaryEvent', name: null, external: false });
    expect(findFlowNode(XML, 'notifyByMessage')).toEqual({ type: 'intermediateThrowEvent', name: null, external: true });
  });

  it('does not take sequence flows, messages, diagram shapes or partial ids for activities', () => {
    expect(findFlowNode(XML, 'flowToCheck')).toBeNull();
    expect(findFlowNode(XML, 'Message_Cb')).toBeNull();
    expect(findFlowNode(XML, 'ghostShape_di')).toBeNull();
    expect(findFlowNode(XML, 'ghostShape')).toBeNull();
    expect(findFlowNode(XML, 'checkAvail')).toBeNull();
    expect(findFlowNode(XML, 'check.*')).toBeNull();
  });
});
