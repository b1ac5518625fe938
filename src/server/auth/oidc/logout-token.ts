// Validates an OpenID Connect back-channel logout token (a JWT the IdP posts to the BFF), as the specification
// (OpenID Connect Back-Channel Logout 1.0, section 2.6) asks: signature by one of the IdP's published keys with
// an asymmetric algorithm, issuer, audience, issued-at, expiry, the logout event, sid or sub, and no nonce.
// openid-client has no helper for it; node:crypto verifies the signature, so no other dependency is needed.
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How far the IdP's clock may be from ours, and how old a token may be. */
const SKEW_SECONDS = 60;
const MAX_AGE_SECONDS = 10 * 60;

export class LogoutTokenError extends Error {
  override name = 'LogoutTokenError';
}

export interface LogoutTarget {
  sid: string | null;
  subject: string | null;
}

type Verifier = (data: Buffer, key: KeyObject, signature: Buffer) => boolean;

// Asymmetric algorithms only: `none` and the HMAC family (keyed by a shared secret) are refused.
const VERIFIERS: Record<string, Verifier> = {
  RS256: (d, k, s) => verify('sha256', d, k, s),
  RS384: (d, k, s) => verify('sha384', d, k, s),
  RS512: (d, k, s) => verify('sha512', d, k, s),
  PS256: (d, k, s) => verify('sha256', d, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, s),
  PS384: (d, k, s) => verify('sha384', d, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, s),
  PS512: (d, k, s) => verify('sha512', d, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, s),
  ES256: (d, k, s) => verify('sha256', d, { key: k, dsaEncoding: 'ieee-p1363' }, s),
  ES384: (d, k, s) => verify('sha384', d, { key: k, dsaEncoding: 'ieee-p1363' }, s),
  ES512: (d, k, s) => verify('sha512', d, { key: k, dsaEncoding: 'ieee-p1363' }, s),
  EdDSA: (d, k, s) => verify(null, d, k, s),
  Ed25519: (d, k, s) => verify(null, d, k, s),
};

function part(text: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new LogoutTokenError(`the token's ${what} is not a JSON object`);
}

/**
 * The sessions a logout token names, after every check; throws LogoutTokenError saying which check failed.
 * `keys` is asked once more with `refresh: true` when no key matches (the IdP may have rotated its keys).
 */
export async function verifyLogoutToken(
  token: string,
  expected: { issuer: string; clientId: string; now: Date },
  keys: (refresh: boolean) => Promise<JsonWebKey[]>,
): Promise<LogoutTarget> {
  const pieces = token.split('.');
  if (pieces.length !== 3 || pieces.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw new LogoutTokenError('not a signed JWT');
  const [headerText, payloadText, signatureText] = pieces as [string, string, string];
  const header = part(headerText, 'header');
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const check = VERIFIERS[alg];
  if (!check) throw new LogoutTokenError(`algorithm ${alg || '(none)'} is not accepted`);
  const kid = typeof header.kid === 'string' ? header.kid : null;

  const data = Buffer.from(`${headerText}.${payloadText}`);
  const signature = Buffer.from(signatureText, 'base64url');
  const verifiedWith = async (refresh: boolean) => {
    const candidates = (await keys(refresh)).filter((k) => usable(k, alg, kid));
    return candidates.some((jwk) => {
      try {
        return check(data, createPublicKey({ key: jwk as never, format: 'jwk' }), signature);
      } catch {
        return false;
      }
    });
  };
  if (!(await verifiedWith(false)) && !(await verifiedWith(true))) throw new LogoutTokenError('the signature does not match any of the IdP keys');

  const claims = part(payloadText, 'payload');
  const now = Math.floor(expected.now.getTime() / 1000);
  if (claims.iss !== expected.issuer) throw new LogoutTokenError('wrong issuer');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(expected.clientId)) throw new LogoutTokenError('not meant for this client');
  if (typeof claims.iat !== 'number' || claims.iat > now + SKEW_SECONDS || claims.iat < now - MAX_AGE_SECONDS) throw new LogoutTokenError('issued-at missing or out of range');
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp < now - SKEW_SECONDS)) throw new LogoutTokenError('expired');
  if (typeof claims.jti !== 'string') throw new LogoutTokenError('no jti');
  const events = claims.events;
  if (!events || typeof events !== 'object' || typeof (events as Record<string, unknown>)[LOGOUT_EVENT] !== 'object') throw new LogoutTokenError('not a logout event');
  if ('nonce' in claims) throw new LogoutTokenError('a logout token must not carry a nonce');
  const sid = typeof claims.sid === 'string' && claims.sid ? claims.sid : null;
  const subject = typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
  if (!sid && !subject) throw new LogoutTokenError('names neither sid nor sub');
  return { sid, subject };
}

/** A published key that may have signed this token: signing use, matching kid (when both name one) and algorithm. */
function usable(jwk: JsonWebKey & { kid?: string; use?: string }, alg: string, kid: string | null): boolean {
  if (jwk.use && jwk.use !== 'sig') return false;
  if (kid && jwk.kid && jwk.kid !== kid) return false;
  if (jwk.alg && jwk.alg !== alg) return false;
  return jwk.kty === 'RSA' ? alg.startsWith('RS') || alg.startsWith('PS') : jwk.kty === 'EC' ? alg.startsWith('ES') : jwk.kty === 'OKP' ? alg === 'EdDSA' || alg === 'Ed25519' : false;
}
