import type { Role } from '../../../../contracts/session.js';
import type { SearchResponse } from '../../../../contracts/search.js';
import { orderHref } from '../../order-view/api/get-order-view.js';

/** Roles that work on cases; a user with none of them (support only) starts from the order, not the case. */
const operatorRoles: readonly Role[] = ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner'];

export function isSupportOnly(roles: readonly Role[]): boolean {
  return roles.includes('support') && !roles.some((role) => operatorRoles.includes(role));
}

/** The distinct orders the results mention (cases and processes whose entity is an order), in listed order. */
export function listedOrders(result: SearchResponse): string[] {
  const ids = new Set<string>();
  for (const item of [...result.cases, ...result.running, ...result.ended]) {
    if (item.entity?.type === 'ORDER') ids.add(item.entity.id);
  }
  return [...ids];
}

/**
 * The order view a search should open directly, or null: the query was read as an order or as a bare number
 * (`interpretedAs.kind` "order" or "any id ending in", see describeIntent in src/server/fallout/business-key.ts;
 * support types `100928`) and every hit belongs to that one order.
 */
export function singleOrderDestination(result: SearchResponse): string | null {
  if (result.interpretedAs?.kind !== 'order' && result.interpretedAs?.kind !== 'any id ending in') return null;
  const orders = listedOrders(result);
  const [onlyOrder] = orders;
  return orders.length === 1 && onlyOrder ? orderHref(onlyOrder) : null;
}
