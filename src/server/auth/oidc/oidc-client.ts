// The BFF's one door to the identity provider, through openid-client: discovery (lazy, so the BFF starts and
// local sign-in works while the IdP is down), the authorization URL with PKCE, state and nonce, the code
// exchange with ID token validation, refresh, the end-session URL and the IdP's signing keys.
import * as client from 'openid-client';
import type { OidcSettings } from './oidc-settings.js';

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface IdpTokens {
  claims: Record<string, unknown> & { sub: string; exp: number };
  idToken: string;
  accessToken: string;
  refreshToken: string | null;
  /** Seconds the access token lives, when the IdP says. */
  expiresIn: number | null;
}

export interface RefreshedTokens {
  idToken: string | null;
  /** Epoch seconds. */
  idTokenExpiresAt: number | null;
  refreshToken: string;
  expiresIn: number | null;
}

/** Plain http is allowed for an IdP on this machine only (tests, a local Keycloak); anything else needs https. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;
  private keys: { at: number; keys: JsonWebKey[] } | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** Discovery once; a failure is not kept, so the next sign-in asks the IdP again. */
  config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null;
      throw error;
    });
    return this.configuration;
  }

  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, timeoutSeconds } = this.settings;
    const execute: ((config: client.Configuration) => void)[] = [
      // Verify the ID token's signature too (openid-client skips it by default for tokens fetched over TLS).
      client.enableNonRepudiationChecks,
    ];
    if (isLoopback(issuer)) execute.push(client.allowInsecureRequests);
    return client.discovery(issuer, clientId, undefined, clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(), { execute, timeout: timeoutSeconds });
  }

  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const config = await this.config();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri.href,
      scope: this.settings.scopes,
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Exchanges the code of the callback for tokens; openid-client checks state, PKCE, the issuer, and the ID
   * token (signature, audience, expiry, nonce). `query` is the callback's query string as the browser sent it.
   */
  async exchange(query: string, checks: LoginChecks): Promise<IdpTokens> {
    const config = await this.config();
    // Rebuilt on the registered redirect URI: behind a proxy the BFF's own view of the URL may differ.
    const callback = new URL(this.settings.redirectUri.href);
    callback.search = query;
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return tokensOf(tokens);
  }

  /** The user's claims from the userinfo endpoint (for IdPs that keep groups out of the ID token). */
  async userInfo(accessToken: string, subject: string): Promise<Record<string, unknown>> {
    const config = await this.config();
    if (!config.serverMetadata().userinfo_endpoint) return {};
    return { ...(await client.fetchUserInfo(config, accessToken, subject)) };
  }

  /**
   * New tokens for a refresh token; throws when the IdP refuses (its session ended, the token expired or was
   * revoked). A new ID token, when the IdP sends one, must be about the same user.
   */
  async refresh(refreshToken: string, subject: string): Promise<RefreshedTokens> {
    const config = await this.config();
    const tokens = await client.refreshTokenGrant(config, refreshToken);
    const claims = tokens.claims();
    if (claims && claims.sub !== subject) throw new Error('the refreshed ID token names another user');
    return {
      idToken: tokens.id_token ?? null,
      idTokenExpiresAt: claims ? claims.exp : null,
      // An IdP that does not rotate refresh tokens answers without a new one: the old one stands.
      refreshToken: tokens.refresh_token ?? refreshToken,
      expiresIn: tokens.expiresIn() ?? null,
    };
  }

  /** Where to send the browser to sign out at the IdP too; null when the IdP has no end-session endpoint. */
  async endSessionUrl(idToken: string): Promise<URL | null> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri.href,
      client_id: this.settings.clientId,
    });
  }

  /** The issuer as the IdP names itself in its metadata (what `iss` in its tokens must equal). */
  async issuer(): Promise<string> {
    return (await this.config()).serverMetadata().issuer;
  }

  /**
   * The IdP's published signing keys (JWKS), for the back-channel logout token. Kept 10 minutes; `refresh` asks
   * again (the IdP may have rotated its keys), at most every 30 seconds, so forged tokens cannot make the BFF
   * hammer the IdP.
   */
  async signingKeys(refresh = false): Promise<JsonWebKey[]> {
    const now = Date.now();
    const cached = this.keys;
    if (cached && now - cached.at < (refresh ? 30_000 : 600_000)) return cached.keys;
    const config = await this.config();
    const uri = config.serverMetadata().jwks_uri;
    if (!uri) throw new Error('the IdP publishes no jwks_uri');
    const url = new URL(uri);
    if (url.protocol !== 'https:' && !isLoopback(url)) throw new Error('the IdP jwks_uri is not https');
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.settings.timeoutSeconds * 1000) });
    if (!response.ok) throw new Error(`the IdP jwks_uri answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    const keys = Array.isArray(body.keys) ? (body.keys as JsonWebKey[]) : [];
    this.keys = { at: now, keys };
    return keys;
  }
}

function tokensOf(tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>): IdpTokens {
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new Error('the IdP answered without an ID token');
  return { claims: claims as IdpTokens['claims'], idToken: tokens.id_token, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null, expiresIn: tokens.expiresIn() ?? null };
}
