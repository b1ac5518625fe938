/** A request header as one string (Node gives arrays for repeated headers; the first one counts). */
export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
