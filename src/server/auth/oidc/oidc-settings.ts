// Single sign-on settings as the BFF uses them, from the environment (config.ts) and the role map. Null when
// OIDC_ISSUER is unset: then only local users sign in.
import type { Config } from '../../config.js';
import { loadRoleMapFile, parseRoleMap, roleMapVersion, type RoleMap } from './role-map.js';

export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
export const OIDC_BACKCHANNEL_LOGOUT_PATH = '/api/auth/oidc/backchannel-logout';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** Undefined: a public client, PKCE only. */
  clientSecret: string | undefined;
  redirectUri: URL;
  postLogoutRedirectUri: URL;
  scopes: string;
  roleClaim: string;
  usernameClaim: string;
  /** On the sign-in button. */
  providerName: string;
  roleMap: RoleMap;
  /** Digest of the role map; see roleMapVersion. */
  roleMapVersion: string;
  /** Longest wait for one request to the IdP. */
  timeoutSeconds: number;
}

type OidcConfig = Pick<
  Config,
  | 'PUBLIC_URL' | 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_REDIRECT_URI' | 'OIDC_POST_LOGOUT_REDIRECT_URI'
  | 'OIDC_SCOPES' | 'OIDC_ROLE_CLAIM' | 'OIDC_USERNAME_CLAIM' | 'OIDC_PROVIDER_NAME' | 'OIDC_ROLE_MAP' | 'OIDC_ROLE_MAP_FILE'
>;

/** Throws (naming the variable or the file) when single sign-on is configured but cannot work. */
export function oidcSettingsFrom(config: OidcConfig): OidcSettings | null {
  if (!config.OIDC_ISSUER) return null;
  // config.ts already insists on these when OIDC_ISSUER is set; repeated for callers that build the object by hand.
  if (!config.OIDC_CLIENT_ID) throw new Error('Invalid configuration: OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  const base = config.PUBLIC_URL ? new URL(config.PUBLIC_URL) : null;
  const derived = (pathName: string) => {
    if (!base) throw new Error('Invalid configuration: OIDC_REDIRECT_URI: set it, or PUBLIC_URL to derive it from, when OIDC_ISSUER is set');
    return new URL(pathName, base);
  };
  const roleMap = config.OIDC_ROLE_MAP ? parseRoleMap(config.OIDC_ROLE_MAP, 'OIDC_ROLE_MAP') : loadRoleMapFile(config.OIDC_ROLE_MAP_FILE);
  const issuer = new URL(config.OIDC_ISSUER);
  const redirectUri = config.OIDC_REDIRECT_URI ? new URL(config.OIDC_REDIRECT_URI) : derived(OIDC_CALLBACK_PATH);
  return {
    issuer,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri,
    postLogoutRedirectUri: config.OIDC_POST_LOGOUT_REDIRECT_URI ? new URL(config.OIDC_POST_LOGOUT_REDIRECT_URI) : new URL('/login', base ?? redirectUri),
    scopes: config.OIDC_SCOPES,
    roleClaim: config.OIDC_ROLE_CLAIM,
    usernameClaim: config.OIDC_USERNAME_CLAIM,
    providerName: config.OIDC_PROVIDER_NAME ?? issuer.hostname,
    roleMap,
    roleMapVersion: roleMapVersion(roleMap),
    timeoutSeconds: 10,
  };
}
