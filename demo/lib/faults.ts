/**
 * Per-order fault injection, the demo harness's lever to make a service misbehave for one order.
 * A fault either has a count (it fires that many times, then is gone) or is sticky (count null: until cleared).
 * The workbench never uses this; only the seeder and tests do.
 */
import type { Router } from './http.js';

export interface FaultSpec {
  /** How often the fault still fires; null = every time until cleared. */
  remaining: number | null;
  setAt: string;
}

export type FaultTable = Record<string, Record<string, FaultSpec>>;

export interface FaultKind {
  name: string;
  /** Default count when the request gives none; null = sticky. */
  defaultCount: number | null;
  description: string;
}

export class FaultBook {
  constructor(
    private readonly table: FaultTable,
    private readonly kinds: FaultKind[],
    private readonly persist: () => void,
  ) {}

  kind(name: string): FaultKind | undefined {
    return this.kinds.find((k) => k.name === name);
  }

  set(orderId: string, fault: string, count?: number | null): FaultSpec {
    const kind = this.kind(fault);
    if (!kind) throw new Error(`unknown fault "${fault}"`);
    const remaining = count === undefined ? kind.defaultCount : count;
    const spec = { remaining, setAt: new Date().toISOString() };
    this.table[orderId] = { ...this.table[orderId], [fault]: spec };
    this.persist();
    return spec;
  }

  /** True if the fault is armed for this order (does not consume it). */
  armed(orderId: string, fault: string): boolean {
    const spec = this.table[orderId]?.[fault];
    return !!spec && (spec.remaining === null || spec.remaining > 0);
  }

  /** Fires the fault once if it is armed: counted faults are decremented and dropped at zero. */
  take(orderId: string, fault: string): boolean {
    const faults = this.table[orderId];
    const spec = faults?.[fault];
    if (!faults || !spec || !this.armed(orderId, fault)) return false;
    if (spec.remaining !== null) {
      spec.remaining -= 1;
      if (spec.remaining <= 0) delete faults[fault];
      if (!Object.keys(faults).length) delete this.table[orderId];
    }
    this.persist();
    return true;
  }

  clear(orderId?: string): void {
    if (orderId === undefined) for (const key of Object.keys(this.table)) delete this.table[key];
    else delete this.table[orderId];
    this.persist();
  }

  list(): FaultTable {
    return this.table;
  }

  /** Adds `POST /admin/faults`, `GET /admin/faults`, `DELETE /admin/faults[/:orderId]` to a router. */
  register(router: Router): void {
    router.add('GET', '/admin/faults', () => ({
      body: { faults: this.table, kinds: this.kinds },
    }));
    router.add('POST', '/admin/faults', (req) => {
      const { orderId, fault, count } = (req.body ?? {}) as { orderId?: unknown; fault?: unknown; count?: unknown };
      if (typeof orderId !== 'string' || !orderId) return { status: 400, body: { error: 'orderId is required' } };
      if (typeof fault !== 'string' || !this.kind(fault)) {
        return { status: 400, body: { error: `fault must be one of ${this.kinds.map((k) => k.name).join(', ')}` } };
      }
      if (count !== undefined && count !== null && (!Number.isInteger(count) || (count as number) < 1)) {
        return { status: 400, body: { error: 'count must be a positive integer or null' } };
      }
      const spec = this.set(orderId, fault, count as number | null | undefined);
      return { status: 201, body: { orderId, fault, ...spec } };
    });
    router.add('DELETE', '/admin/faults', () => {
      this.clear();
      return { status: 204 };
    });
    router.add('DELETE', '/admin/faults/:orderId', (req) => {
      this.clear(req.params.orderId);
      return { status: 204 };
    });
  }
}
