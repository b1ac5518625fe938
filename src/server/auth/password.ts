// Password hashes with node:crypto scrypt (no native module: those try to download binaries at install).
// Format: `scrypt$N$r$p$<salt base64>$<hash base64>`, so the cost can rise later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** What a stored hash must look like; the users file is checked against it at start-up. */
export const PASSWORD_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

// Bounds on the cost read from a file: a hash with absurd parameters must not let one login eat the
// machine's memory or CPU.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

interface ParsedHash extends ScryptCost {
  salt: Buffer;
  hash: Buffer;
}

/** Parses a stored hash; returns a reason instead when it is malformed or its cost is out of bounds. */
export function parsePasswordHash(encoded: string): ParsedHash | { problem: string } {
  const match = PASSWORD_HASH_PATTERN.exec(encoded);
  if (!match) return { problem: 'expected scrypt$N$r$p$<salt base64>$<hash base64>' };
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return { problem: `N must be a power of two from 2 to ${MAX_N}` };
  if (r < 1 || r > MAX_R) return { problem: `r must be 1 to ${MAX_R}` };
  if (p < 1 || p > MAX_P) return { problem: `p must be 1 to ${MAX_P}` };
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8) return { problem: 'the salt must be at least 8 bytes' };
  if (hash.length < 16) return { problem: 'the hash must be at least 16 bytes' };
  return { N, r, p, salt, hash };
}

function derive(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  // Node refuses scrypt above 32 MiB by default; allow what the parameters need (128·N·r) plus slack.
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 128 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, KEY_LENGTH, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Constant-time comparison; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if ('problem' in parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}
