/** What a worker's step does to the world outside the engine; decides how dangerous a repeat is. */
export type SideEffectClass = 'none' | 'read' | 'notification' | 'document' | 'inventory' | 'money' | 'contract';

/**
 * Side effects a blind repeat could do twice (stock reserved twice, a customer charged twice, a contract changed
 * twice): a plain retry of such a step is safe only when its worker contract names an idempotency key.
 */
export const REPEAT_MAY_DUPLICATE: ReadonlySet<SideEffectClass> = new Set(['inventory', 'money', 'contract']);
