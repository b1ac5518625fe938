// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { assignScenarios, mulberry32, orderIdFor, SCENARIO_DEFINITIONS, SCENARIOS, type Scenario } from './scenarios.js';

const count = (list: { scenario: Scenario }[], s: Scenario) => list.filter((o) => o.scenario === s).length;

describe('scenario assignment', () => {
  it('is a pure function of (order count, seed)', () => {
    expect(assignScenarios(12, 7)).toEqual(assignScenarios(12, 7));
    expect(assignScenarios(30, 123)).toEqual(assignScenarios(30, 123));
  });

  it('actually depends on the seed', () => {
    const shapes = new Set(Array.from({ length: 10 }, (_, seed) => assignScenarios(12, seed).map((o) => o.scenario).join(',')));
    expect(shapes.size).toBeGreaterThan(5);
  });

  it('puts every scenario in the mix once there are at least 12 orders, the rest being happy paths', () => {
    for (let n = 12; n <= 40; n += 7) {
      for (let seed = 0; seed < 25; seed++) {
        const plan = assignScenarios(n, seed);
        expect(plan).toHaveLength(n);
        for (const s of SCENARIOS) expect(count(plan, s), `${s} for n=${n} seed=${seed}`).toBeGreaterThanOrEqual(1);
        expect(count(plan, 'happy-path')).toBe(n - SCENARIOS.length + 1);
      }
    }
  });

  it('makes ORD-100928 a transient-availability order with the CLI defaults (and whenever it exists)', () => {
    const defaults = assignScenarios(12, 7);
    const pinned = defaults.find((o) => o.orderId === 'ORD-100928');
    expect(pinned?.scenario).toBe('transient-availability');
    expect(count(defaults, 'transient-availability')).toBe(1);
    for (let seed = 0; seed < 50; seed++) {
      expect(assignScenarios(9 + (seed % 20), seed)[8]?.scenario).toBe('transient-availability');
    }
  });

  it('numbers orders from ORD-100920 with matching business keys', () => {
    const plan = assignScenarios(12, 7);
    expect(plan.map((o) => o.orderId)).toEqual(Array.from({ length: 12 }, (_, i) => `ORD-${100920 + i}`));
    expect(plan.every((o) => o.businessKey === `order:${o.orderId}`)).toBe(true);
    expect(orderIdFor(8)).toBe('ORD-100928');
  });

  it('uses distinct scenarios when there are fewer orders than scenarios', () => {
    for (let n = 0; n < SCENARIOS.length; n++) {
      const plan = assignScenarios(n, 3);
      expect(new Set(plan.map((o) => o.scenario)).size).toBe(n);
    }
  });

  it('derives plausible customers and totals from the seed', () => {
    const plan = assignScenarios(20, 99);
    for (const o of plan) {
      expect(o.customerId).toMatch(/^CUST-\d{4}$/);
      expect(o.orderTotal).toBeGreaterThanOrEqual(150);
      expect(o.orderTotal).toBeLessThanOrEqual(5000);
      expect(Number(o.orderTotal.toFixed(2))).toBe(o.orderTotal); // cents, no float noise
    }
  });

  it('rejects a nonsensical order count', () => {
    expect(() => assignScenarios(-1, 1)).toThrow();
    expect(() => assignScenarios(2.5, 1)).toThrow();
  });
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});

describe('scenario definitions', () => {
  it('expect an incident only where a failure is injected or the model is broken', () => {
    for (const def of Object.values(SCENARIO_DEFINITIONS)) {
      if (def.expected.workflow === 'incident') {
        expect(def.faults.length > 0 || def.badDefinition, def.scenario).toBeTruthy();
        expect(def.expected.activityId && def.expected.incidentType, def.scenario).toBeTruthy();
      }
    }
    expect(SCENARIO_DEFINITIONS['business-rejection'].expected.workflow).toBe('ended');
  });
});
