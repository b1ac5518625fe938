/**
 * Convenience launcher: the three domain services and all workers in one process, configured like the
 * separate entry points (same env variables).
 *
 *   CAMUNDA_URL=... DEMO_DATA_DIR=.data/demo npx tsx demo/run-all.ts
 */
import { dataDirFromEnv, DEFAULT_PORTS, engineFromEnv, envNumber, hostFromEnv, serviceUrlsFromEnv } from './lib/config.js';
import { startBillingService } from './services/billing.js';
import { startInventoryService } from './services/inventory.js';
import { startOrdersService } from './services/orders.js';
import { startWorkers, workerOptionsFromEnv } from './workers/main.js';

const host = hostFromEnv();
const dataDir = dataDirFromEnv();
const engine = engineFromEnv();
const prefixed = (name: string) => (line: string) => console.log(`[${name}] ${line}`);

const orders = await startOrdersService({
  port: envNumber('ORDERS_PORT', DEFAULT_PORTS.orders),
  host,
  dataDir,
  engine,
  log: prefixed('orders'),
});
const inventory = await startInventoryService({
  port: envNumber('INVENTORY_PORT', DEFAULT_PORTS.inventory),
  host,
  dataDir,
  engine,
  ordersUrl: serviceUrlsFromEnv().ordersUrl,
  reserveSlowMs: envNumber('RESERVE_SLOW_MS', 4000),
  callbackDelayMs: envNumber('CALLBACK_DELAY_MS', 250),
  callbackAttempts: envNumber('CALLBACK_ATTEMPTS', 8),
  callbackRetryMs: envNumber('CALLBACK_RETRY_MS', 500),
  log: prefixed('inventory'),
});
const billing = await startBillingService({
  port: envNumber('BILLING_PORT', DEFAULT_PORTS.billing),
  host,
  dataDir,
  log: prefixed('billing'),
});
const workers = startWorkers(workerOptionsFromEnv());
console.log(`[demo] orders ${orders.url}, inventory ${inventory.url}, billing ${billing.url}; workers on ${workers.topics.join(', ')}`);
console.log(`[demo] engine ${engine.engineUrl}, data in ${dataDir}`);

const stop = async () => {
  workers.stop();
  await Promise.all([orders.close(), inventory.close(), billing.close()]);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
