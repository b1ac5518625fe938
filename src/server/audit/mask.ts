// Sensitive values (the catalog's sensitive variables) never leave the BFF in audit answers or exports.

export const MASK = '***';

/**
 * Replaces the value of every key named in `sensitiveFields`, at any depth and inside arrays, with "***".
 * Names match without regard to case: masking one key too many is the safe mistake.
 */
export function maskSensitive(value: unknown, sensitiveFields: readonly string[]): unknown {
  const names = new Set(sensitiveFields.map((f) => f.toLowerCase()));
  if (names.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, inner]) => [k, names.has(k.toLowerCase()) ? MASK : walk(inner)]));
    }
    return v;
  };
  return walk(value);
}
