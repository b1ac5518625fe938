// Fresh demo orders that fail for real (faults armed at the demo services, then a normal submit), so a test
// owns its cases and never depends on what another test file did to the seeded ones.
import { randomUUID } from 'node:crypto';
import { engineReader, eventually } from './engine-probe.js';

export type FailureKind = 'transient-availability' | 'reserve-unknown-outcome' | 'reserve-error' | 'billing-failure';

const FAULTS: Record<FailureKind, { target: 'inventory' | 'billing'; fault: string; count?: number; activityId: string }> = {
  'transient-availability': { target: 'inventory', fault: 'availability-refuse', count: 3, activityId: 'checkAvailability' },
  'reserve-unknown-outcome': { target: 'inventory', fault: 'reserve-slow', activityId: 'reserveInventory' },
  // Inventory answers an error and reserves nothing; the worker cannot know that, so the outcome is unknown.
  'reserve-error': { target: 'inventory', fault: 'reserve-error', count: 1, activityId: 'reserveInventory' },
  'billing-failure': { target: 'billing', fault: 'gateway-error', count: 1, activityId: 'billingHandoffTask' },
};

export interface Services {
  orders: string;
  inventory: string;
  billing: string;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Submits an order that fails at the kind's step and waits until the engine shows its incident. */
export async function submitFailingOrder(
  engineUrl: string,
  services: Services,
  kind: FailureKind,
  /** A fixed order id (e.g. the same order in two engines, each with its own order service); random by default. */
  orderId = `ORD-T${randomUUID().slice(0, 8).toUpperCase()}`,
): Promise<{ orderId: string; businessKey: string; incidentId: string }> {
  const f = FAULTS[kind];
  await post(`${services[f.target]}/admin/faults`, { orderId, fault: f.fault, ...(f.count !== undefined ? { count: f.count } : {}) });
  await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 100 });
  const engine = engineReader(engineUrl);
  const businessKey = `order:${orderId}`;
  const incident = await eventually(
    async () => {
      const instances = await engine.get<{ id: string }[]>(`/process-instance?businessKey=${encodeURIComponent(businessKey)}`);
      for (const instance of instances) {
        const incidents = await engine.incidents(`?processInstanceId=${instance.id}`);
        const root = incidents.find((i) => i.activityId === 'billingHandoff' || i.activityId === f.activityId);
        if (root) {
          // A call activity's incident points at the child's root cause.
          const all = await engine.incidents();
          return all.find((i) => i.activityId === f.activityId && (i.id === root.rootCauseIncidentId || i.id === root.id)) ?? null;
        }
      }
      return null;
    },
    60_000,
    `${kind} incident for ${orderId}`,
  );
  return { orderId, businessKey, incidentId: incident.id };
}
