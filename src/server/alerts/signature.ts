// The generic alert webhook's signature (README, "Alerts"): HMAC-SHA256 over `<timestamp>.<body>` with the
// shared secret, sent as `X-Fallout-Signature: v1=<hex>` beside `X-Fallout-Timestamp: <unix seconds>`. A
// receiver recomputes it over the raw body, compares in constant time and refuses old timestamps (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-fallout-signature';
export const TIMESTAMP_HEADER = 'x-fallout-timestamp';

const mac = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signWebhook(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${mac(secret, timestamp, body)}` };
}

/** What a receiver does (also the reference for the README): true when signed with `secret` within `toleranceSeconds`. */
export function verifyWebhook(secret: string, body: string, headers: Record<string, string | string[] | undefined>, now: Date, toleranceSeconds = 300): boolean {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`v1=${mac(secret, timestamp, body)}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
