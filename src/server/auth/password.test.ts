import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashes', () => {
  it('writes scrypt$N$r$p$salt$hash with the default cost and a fresh salt each time', async () => {
    const first = await hashPassword('fallout-demo');
    const second = await hashPassword('fallout-demo');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('fallout-demo', first)).toBe(true);
    expect(await verifyPassword('fallout-demo', second)).toBe(true);
  });

  it('rejects a wrong password, and a hash that was tampered with', async () => {
    const hash = await hashPassword('fallout-demo');
    expect(await verifyPassword('fallout-demO', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    // Flip a bit of the decoded key, not a base64 character: the last character of a 32-byte key
    // carries two padding bits, so editing the text can leave the decoded bytes unchanged.
    const parts = hash.split('$');
    const key = Buffer.from(parts[5]!, 'base64');
    key[0] = key[0]! ^ 0x01;
    parts[5] = key.toString('base64');
    expect(await verifyPassword('fallout-demo', parts.join('$'))).toBe(false);
  });

  it('agrees with the scrypt test vector of RFC 7914 (N=16384, r=8, p=1)', async () => {
    const salt = Buffer.from('SodiumChloride').toString('base64');
    const expected = Buffer.from(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
      'hex',
    ).toString('base64');
    expect(await verifyPassword('pleaseletmein', `scrypt$16384$8$1$${salt}$${expected}`)).toBe(true);
    expect(await verifyPassword('pleaseletmeout', `scrypt$16384$8$1$${salt}$${expected}`)).toBe(false);
  });

  it('never matches a malformed hash or one whose cost is out of bounds', async () => {
    const salt = Buffer.alloc(16, 1).toString('base64');
    const key = Buffer.alloc(32, 2).toString('base64');
    for (const bad of ['', 'plain-text', `bcrypt$10$8$1$${salt}$${key}`, `scrypt$1000$8$1$${salt}$${key}`, `scrypt$4194304$8$1$${salt}$${key}`, `scrypt$16384$99$1$${salt}$${key}`]) {
      expect(await verifyPassword('x', bad), bad).toBe(false);
    }
  });
});
