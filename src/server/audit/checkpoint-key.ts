// The key that signs audit checkpoints. It lives outside the database on purpose: whoever can rewrite the
// audit table (a DBA, a stolen backup restored with edits) can recompute every hash of the chain, but cannot
// sign a checkpoint that matches the rewritten chain without this key.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Short fingerprint of the public key, written into every checkpoint so a key change is visible. */
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function checkpointKeyFromPem(pem: string): CheckpointKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Reads the Ed25519 private key (PKCS#8 PEM). With `createIfMissing` (the embedded default only) a new key
 * is generated and written with owner-only permissions, so a first `npm start` works without set-up.
 */
export function loadCheckpointKey(file: string, options: { createIfMissing: boolean }): { key: CheckpointKey; created: boolean } {
  if (!existsSync(file)) {
    if (!options.createIfMissing) throw new Error(`The audit signing key ${path.resolve(file)} does not exist (set AUDIT_SIGNING_KEY_FILE).`);
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    return { key: checkpointKeyFromPem(readFileSync(file, 'utf8')), created: true };
  }
  try {
    return { key: checkpointKeyFromPem(readFileSync(file, 'utf8')), created: false };
  } catch (error) {
    throw new Error(`Cannot use the audit signing key ${path.resolve(file)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
