/**
 * Environment of the demo processes. Every value has a default that matches `npm start` on one machine.
 */
import { resolve } from 'node:path';

export function envString(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

export interface EngineAuth {
  /** Base URL of the engine REST API, including `/engine-rest`. */
  engineUrl: string;
  user: string;
  password: string;
}

/** Engine access of the demo's domain side (order service, inventory callbacks, seeder). */
export function engineFromEnv(): EngineAuth {
  return {
    engineUrl: envString('CAMUNDA_URL', 'http://127.0.0.1:8080/engine-rest'),
    user: envString('CAMUNDA_USER', 'demoworker'),
    password: envString('CAMUNDA_PASSWORD', 'worker-secret'),
  };
}

export const DEFAULT_PORTS = { orders: 8091, inventory: 8092, billing: 8093 } as const;

export function dataDirFromEnv(): string {
  return resolve(envString('DEMO_DATA_DIR', '.data/demo'));
}

export function hostFromEnv(): string {
  return envString('DEMO_HOST', '127.0.0.1');
}

export function serviceUrlsFromEnv(): { ordersUrl: string; inventoryUrl: string; billingUrl: string } {
  return {
    ordersUrl: envString('ORDERS_URL', `http://127.0.0.1:${envNumber('ORDERS_PORT', DEFAULT_PORTS.orders)}`),
    inventoryUrl: envString('INVENTORY_URL', `http://127.0.0.1:${envNumber('INVENTORY_PORT', DEFAULT_PORTS.inventory)}`),
    billingUrl: envString('BILLING_URL', `http://127.0.0.1:${envNumber('BILLING_PORT', DEFAULT_PORTS.billing)}`),
  };
}
