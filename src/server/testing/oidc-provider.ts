// A real OpenID Connect provider for tests (oidc-provider, the certified implementation), on a loopback port:
// authorization code with PKCE required, a confidential client, a `groups` claim, refresh tokens, RP-initiated
// and back-channel logout, and test accounts. Its own login page is driven over HTTP by `signInAtIdp`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestAccount {
  name: string;
  email: string;
  groups: string[];
}

export interface TestIdpOptions {
  port: number;
  /** Where the BFF listens, e.g. `http://127.0.0.1:4123`: its callback, post-logout and back-channel addresses. */
  bffUrl: string;
  clientId?: string;
  clientSecret?: string;
  accounts: Record<string, TestAccount>;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Token lifetimes in seconds, read at each issue: a test may shorten them. */
  ttl: { accessToken: number; idToken: number; refreshToken: number; session: number };
  close(): Promise<void>;
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = options.clientId ?? 'fallout-workbench';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const ttl = { accessToken: 600, idToken: 600, refreshToken: 3600, session: 3600 };
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.bffUrl}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${options.bffUrl}/login`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_uri: `${options.bffUrl}/api/auth/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
      },
    ],
    // Every client must use PKCE (S256), confidential or not.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    // The requested scopes' claims go into the ID token too (as many IdPs do for groups).
    conformIdTokenClaims: false,
    async findAccount(_ctx: unknown, id: string) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, ...account }) };
    },
    // A first-party client: the IdP does not ask the user for consent.
    async loadExistingGrant(ctx: { oidc: { session: { accountId: string }; client: { clientId: string }; requestParamScopes: Set<string>; provider: Provider } }) {
      const grant = new ctx.oidc.provider.Grant({ accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims(['sub', 'name', 'preferred_username', 'email', 'groups']);
      await grant.save();
      return grant;
    },
    // Refresh tokens without offline_access too; they end with the IdP session (the provider's default).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => ttl.accessToken,
      IdToken: () => ttl.idToken,
      RefreshToken: () => ttl.refreshToken,
      Session: () => ttl.session,
      Grant: () => ttl.session,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    // The provider refuses outgoing calls to loopback addresses (SSRF protection); the test BFF is on one.
    fetch: (url: string | URL, { dispatcher: _loopbackRefused, ...init }: RequestInit & { dispatcher?: unknown }) => globalThis.fetch(url, init),
    renderError: async (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'text/plain';
      ctx.body = `IdP error: ${JSON.stringify(out)}`;
    },
  });
  // A failed back-channel call would otherwise only show as a session that did not end.
  provider.on('backchannel.error', (...args: unknown[]) => console.error('[test idp] back-channel logout failed', ...args.slice(1)));
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    issuer, clientId, clientSecret, ttl,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
