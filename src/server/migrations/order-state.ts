// The order state an instance's order has in the owning order service (playbook §17.2 "domain order state
// in …"). The order is named by the `orderId` variable, else by the business key `order:{id}`.
import { DomainRequestError, DomainUnavailableError, readPath, type DomainServices } from '../domain/domain-services.js';
import { parseBusinessKey } from '../fallout/business-key.js';
import type { OrderFact } from './exclusions.js';

/** The catalog's name of the service that owns orders. */
export const ORDER_SERVICE = 'orders';

const ORDER_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The order id of an instance, or null when it names none (engine text: only a plain id is used). */
export function orderIdOf(orderIdVariable: unknown, businessKey: string | null): string | null {
  if (typeof orderIdVariable === 'string' && ORDER_ID.test(orderIdVariable)) return orderIdVariable;
  const entity = parseBusinessKey(businessKey);
  return entity?.type === 'ORDER' && ORDER_ID.test(entity.id) ? entity.id : null;
}

export interface OrderStates {
  stateOf(orderId: string | null): Promise<OrderFact>;
}

/** Reads order states from the order service, once per order id within one plan's checks. */
export function orderStatesFrom(domain: Pick<DomainServices, 'has' | 'get'>): OrderStates {
  const seen = new Map<string, Promise<OrderFact>>();
  const read = async (orderId: string): Promise<OrderFact> => {
    if (!domain.has(ORDER_SERVICE)) return { kind: 'UNAVAILABLE', detail: 'no order service is configured, so the order state cannot be checked' };
    try {
      const answer = await domain.get(ORDER_SERVICE, `/orders/${encodeURIComponent(orderId)}`, { accept: [404] });
      if (answer.status === 404) return { kind: 'UNKNOWN', detail: `the order service does not know order ${orderId}` };
      const status = readPath(answer.body, 'status');
      if (typeof status !== 'string' || !status) return { kind: 'UNKNOWN', detail: `the order service answered for order ${orderId} without a state` };
      return { kind: 'STATE', orderId, state: status.slice(0, 60) };
    } catch (error) {
      if (error instanceof DomainUnavailableError) return { kind: 'UNAVAILABLE', detail: `the order service is not available: ${error.message}` };
      if (error instanceof DomainRequestError) return { kind: 'UNAVAILABLE', detail: `the order service answered ${error.status} for order ${orderId}` };
      throw error;
    }
  };
  return {
    stateOf(orderId) {
      if (!orderId) return Promise.resolve({ kind: 'UNKNOWN', detail: 'the instance names no order (no orderId variable, no order: business key)' });
      let found = seen.get(orderId);
      if (!found) seen.set(orderId, (found = read(orderId)));
      return found;
    },
  };
}
