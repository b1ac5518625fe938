// The order history's wording and bounds, on engine answers written out by hand (the real engine's answers are
// covered by order-history.int.test.ts).
import { describe, expect, it } from 'vitest';
import type { EngineAdapter, EngineVariables } from '../engine/adapter.js';
import type { EngineHistoricActivityInstance, EngineHistoricProcessInstance } from '../engine/schemas.js';
import { loadOrderHistory, PATH_CAP } from './order-history.js';

const instance = (id: string, state: string, overrides: Partial<EngineHistoricProcessInstance> = {}): EngineHistoricProcessInstance => ({
  id, businessKey: 'order:ORD-1', processDefinitionId: 'order-orchestration:2:x', processDefinitionKey: 'order-orchestration', processDefinitionName: 'Order orchestration',
  processDefinitionVersion: 2, startTime: '2026-03-10T10:00:00.000Z', endTime: state === 'ACTIVE' ? null : '2026-03-10T10:05:00.000Z', superProcessInstanceId: null,
  rootProcessInstanceId: id, tenantId: null, state, ...overrides,
});
const step = (activityId: string, activityName: string | null, activityType: string, ended = true, canceled = false): EngineHistoricActivityInstance => ({
  id: `${activityId}-ai`, activityId, activityName, activityType, processInstanceId: 'p', processDefinitionId: null, calledProcessInstanceId: null,
  startTime: '2026-03-10T10:01:00.000Z', endTime: ended ? '2026-03-10T10:02:00.000Z' : null, canceled, sequenceCounter: null,
});

function fakeEngine(runs: EngineHistoricProcessInstance[], total: number, paths: Record<string, EngineHistoricActivityInstance[]>, variables: Record<string, EngineVariables> = {}) {
  const asked: string[] = [];
  const engine = {
    listRunsByBusinessKey: async (key: string, max: number) => (asked.push(`runs ${key} ${max}`), runs.slice(0, max)),
    countRunsByBusinessKey: async () => total,
    listActivityHistory: async (id: string) => paths[id] ?? [],
    listHistoricVariables: async (id: string) => (asked.push(`variables ${id}`), variables[id] ?? {}),
  } as unknown as EngineAdapter;
  return { engine, asked };
}

describe('order history', () => {
  it('words each state, leaves gateways out, and reads variables only for a run that caught an error', async () => {
    const { engine, asked } = fakeEngine(
      [instance('run', 'ACTIVE'), instance('cancelled', 'EXTERNALLY_TERMINATED'), instance('done', 'COMPLETED')],
      3,
      {
        run: [step('start', 'Order submitted', 'startEvent'), step('gw', null, 'exclusiveGateway'), step('wait', 'Wait for reservation callback', 'receiveTask', false)],
        done: [step('start', 'Order submitted', 'startEvent'), step('end', 'Order fulfilled', 'noneEndEvent')],
      },
    );
    const history = await loadOrderHistory(engine, 'ORD-1');
    expect(history.runs.map((r) => [r.state, r.stateLabel])).toEqual([
      ['RUNNING', 'Running, now at “Wait for reservation callback”'],
      ['CANCELLED', 'Cancelled in the engine'],
      ['COMPLETED', 'Ended at “Order fulfilled”'],
    ]);
    expect(history.runs[0]!.path.map((s) => s.label)).toEqual(['Order submitted', 'Wait for reservation callback']);
    expect(history.runs.every((r) => r.businessError === null)).toBe(true);
    expect(asked).toEqual(['runs order:ORD-1 20']);
  });

  it('says when the model caught an error but no code or message was mapped, and which step it interrupted', async () => {
    const { engine } = fakeEngine([instance('r', 'COMPLETED')], 1, {
      r: [step('check', 'Check availability', 'serviceTask', true, true), step('rejected', 'Inventory rejected', 'boundaryError'), step('end', 'Order rejected', 'noneEndEvent')],
    });
    const [run] = (await loadOrderHistory(engine, 'ORD-1')).runs;
    expect(run!.businessError).toEqual({ code: null, message: null, caughtBy: 'Inventory rejected', step: 'Check availability', at: '2026-03-10T10:01:00.000Z' });
  });

  it('reads at most 20 runs and reports how many the engine has; a looping path is marked cut', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => instance(`r${i}`, 'COMPLETED'));
    const loop = Array.from({ length: PATH_CAP }, (_, i) => step(`a${i}`, 'Log reservation reminder', 'serviceTask'));
    const { engine } = fakeEngine(runs, 31, { r0: loop });
    const history = await loadOrderHistory(engine, 'ORD-1');
    expect([history.runs.length, history.total, history.cap]).toEqual([20, 31, 20]);
    expect(history.runs[0]!.pathTruncated).toBe(true);
    expect(history.runs[1]!.pathTruncated).toBe(false);
  });
});
