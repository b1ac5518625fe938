/**
 * The engine writes dates like `2013-01-23T14:42:45.000+0200` (no colon in the offset), which strict RFC 3339
 * parsers reject. Normalise to a UTC ISO string.
 */
export function engineDateToIso(value: string): string {
  const withColon = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColon);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an engine date: ${value}`);
  return date.toISOString();
}

/** Query-string form the engine accepts (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`); callers URL-encode it (the `+`). */
export function isoToEngineDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return date.toISOString().replace('Z', '+0000');
}
