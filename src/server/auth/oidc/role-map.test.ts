import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { oidcSettingsFrom } from './oidc-settings.js';
import { claimValues, loadRoleMapFile, mapClaimValues, parseRoleMap } from './role-map.js';

const map = parseRoleMap(
  JSON.stringify({
    mappings: [
      { group: 'wb-tech', roles: ['tech_ops', 'support'] },
      { group: 'wb-ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment' },
      { group: 'wb-platform', roles: ['platform_owner'], team: 'platform' },
    ],
  }),
  'OIDC_ROLE_MAP',
);

describe('the OIDC role map', () => {
  it('grants the union of the mapped groups’ roles and the team of the first mapping (in map order) that names one', () => {
    expect(mapClaimValues(map, ['wb-platform', 'staff', 'wb-tech', 'wb-ops'])).toEqual({ roles: ['support', 'fulfillment_ops', 'tech_ops', 'platform_owner'], team: 'fulfillment' });
    expect(mapClaimValues(map, ['wb-tech'])).toEqual({ roles: ['support', 'tech_ops'], team: null });
  });

  it('grants nothing (the sign-in is refused) when no value is mapped; group names are compared exactly', () => {
    expect(mapClaimValues(map, [])).toBeNull();
    expect(mapClaimValues(map, ['WB-OPS', 'wb-ops '])).toBeNull();
  });

  it('reads a claim as a list, a single string, or a nested path', () => {
    expect(claimValues({ groups: ['a', 7, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(claimValues({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(claimValues({}, 'groups')).toEqual([]);
  });

  it('accepts the example map shipped in config/', () => {
    const example = loadRoleMapFile(new URL('../../../../config/oidc-roles.example.json', import.meta.url).pathname);
    expect(mapClaimValues(example, ['workbench-auditors'])).toEqual({ roles: ['auditor'], team: 'compliance' });
  });

  it('stops the start with the source and the field named', () => {
    expect(() => parseRoleMap('{"mappings":[{"group":"g","roles":["admin"]}]}', 'OIDC_ROLE_MAP')).toThrow(/^Invalid OIDC role map in OIDC_ROLE_MAP: mappings\[0\]\.roles\[0\]: /);
    expect(() => parseRoleMap('{"mappings":[{"group":"g","roles":["support"]},{"group":"g","roles":["auditor"]}]}', 'x.json')).toThrow(
      'Invalid OIDC role map in x.json: mappings[1].group: group g is mapped twice',
    );
    expect(() => parseRoleMap('{"mappings":[]}', 'x.json')).toThrow('Invalid OIDC role map in x.json: mappings: the map lists no mappings');
    expect(() => parseRoleMap('not json', 'x.json')).toThrow(/^Invalid OIDC role map in x\.json: not JSON/);
  });
});

describe('single sign-on configuration', () => {
  const env = { OIDC_ISSUER: 'https://idp.example.com/realms/ops', OIDC_CLIENT_ID: 'workbench', PUBLIC_URL: 'https://workbench.example.com', OIDC_ROLE_MAP: '{"mappings":[{"group":"g","roles":["support"]}]}' };

  it('is off without OIDC_ISSUER, and local sign-in cannot be turned off then', () => {
    expect(oidcSettingsFrom(loadConfig({}))).toBeNull();
    expect(() => loadConfig({ LOCAL_LOGIN: 'false' })).toThrow('Invalid configuration: LOCAL_LOGIN: local sign-in can only be turned off when OIDC_ISSUER is set');
  });

  it('derives the callback and post-logout addresses from PUBLIC_URL, and names the provider by its host', () => {
    const settings = oidcSettingsFrom(loadConfig(env))!;
    expect(settings.redirectUri.href).toBe('https://workbench.example.com/api/auth/oidc/callback');
    expect(settings.postLogoutRedirectUri.href).toBe('https://workbench.example.com/login');
    expect(settings.providerName).toBe('idp.example.com');
    expect(settings.scopes).toBe('openid profile email');
    expect(settings.roleClaim).toBe('groups');
  });

  it('names what is missing', () => {
    expect(() => loadConfig({ OIDC_ISSUER: env.OIDC_ISSUER })).toThrow(
      'Invalid configuration: OIDC_CLIENT_ID: required when OIDC_ISSUER is set; OIDC_REDIRECT_URI: set it, or PUBLIC_URL to derive it from, when OIDC_ISSUER is set',
    );
    expect(() => loadConfig({ ...env, OIDC_SCOPES: 'profile email' })).toThrow('Invalid configuration: OIDC_SCOPES: must include openid');
    expect(() => oidcSettingsFrom(loadConfig({ ...env, OIDC_ROLE_MAP: undefined, OIDC_ROLE_MAP_FILE: '/nonexistent/oidc-roles.json' }))).toThrow(
      /^Single sign-on is configured but its role map cannot be read from \/nonexistent\/oidc-roles\.json \(set OIDC_ROLE_MAP or OIDC_ROLE_MAP_FILE\)/,
    );
  });
});
