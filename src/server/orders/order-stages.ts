// Where an order's workflow stands, in the words support uses with a customer.
import type { Catalog } from '../catalog/catalog.js';

export const ORDER_PROCESS = 'order-orchestration';

const ORDER_STAGE_LABELS: Record<string, string> = {
  orderSubmitted: 'Order received',
  validateOrder: 'Checking the order',
  checkAvailability: 'Checking stock availability',
  reserveInventory: 'Reserving stock at the inventory',
  waitForReservationCallback: "Waiting for the inventory's confirmation",
  reservationSettled: "Processing the inventory's answer",
  logReservationReminder: "Waiting for the inventory's confirmation (reminder sent)",
  billingHandoff: 'Handing the order over to billing',
  billingSettled: "Processing billing's answer",
  generateDocument: 'Preparing the order documents',
  notifyCustomer: 'Notifying the customer',
};

/** The label map first, then the catalog's description of the step, then the bare activity id. */
export function stageLabel(catalog: Catalog, activityId: string): string {
  return ORDER_STAGE_LABELS[activityId] ?? catalog.activity(ORDER_PROCESS, activityId)?.description ?? activityId;
}
