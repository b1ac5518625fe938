// The frozen list's batches: the first instance alone is the canary (batch 0); the rest follow in batches of
// `batchSize` (1, 2, …), in list order. Pure.

export function batchOf(position: number, batchSize: number): number {
  if (position === 0) return 0;
  return 1 + Math.floor((position - 1) / Math.max(1, batchSize));
}

/** The batch number of each position of a list of `count` instances. */
export function assignBatches(count: number, batchSize: number): number[] {
  return Array.from({ length: count }, (_, i) => batchOf(i, batchSize));
}
