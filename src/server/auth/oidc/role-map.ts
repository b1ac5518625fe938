// Which IdP groups (or other claim values) grant which workbench roles and team. Read once at start-up from
// OIDC_ROLE_MAP (JSON) or the role map file; a bad map stops the start naming the source and the field.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { roles, type Role } from '../../../contracts/session.js';

const mappingSchema = z.strictObject({
  /** One value of the role claim, exactly as the IdP sends it (e.g. a group name). */
  group: z.string().min(1).max(500),
  roles: z
    .array(z.enum(roles))
    .min(1, 'a mapping needs at least one role')
    .refine((list) => new Set(list).size === list.length, 'a role is listed twice'),
  team: z.string().trim().min(1).max(64).nullable().optional(),
});

const roleMapSchema = z.strictObject({
  mappings: z
    .array(mappingSchema)
    .min(1, 'the map lists no mappings')
    .superRefine((mappings, check) => {
      const seen = new Set<string>();
      mappings.forEach((m, index) => {
        if (seen.has(m.group)) check.addIssue({ code: 'custom', path: [index, 'group'], message: `group ${m.group} is mapped twice` });
        seen.add(m.group);
      });
    }),
});

export type RoleMap = z.infer<typeof roleMapSchema>;

export class RoleMapError extends Error {
  override name = 'RoleMapError';
}

/** Parses a role map; `source` names it in the error ("OIDC_ROLE_MAP", or the file). */
export function parseRoleMap(text: string, source: string): RoleMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RoleMapError(`Invalid OIDC role map in ${source}: not JSON (${(error as Error).message})`);
  }
  const result = roleMapSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; ');
    throw new RoleMapError(`Invalid OIDC role map in ${source}: ${problems}`);
  }
  return result.data;
}

export function loadRoleMapFile(file: string): RoleMap {
  const shown = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(shown, 'utf8');
  } catch (error) {
    throw new RoleMapError(`Single sign-on is configured but its role map cannot be read from ${shown} (set OIDC_ROLE_MAP or OIDC_ROLE_MAP_FILE): ${(error as Error).message}`);
  }
  return parseRoleMap(text, shown);
}

/**
 * A digest of the map. OIDC sessions remember the version they were granted under; when the map changes (and the
 * BFF restarts), those sessions end at their next request, as local sessions do when the users file changes.
 */
export function roleMapVersion(map: RoleMap): string {
  return 'oidc:' + createHash('sha256').update(JSON.stringify(map)).digest('hex').slice(0, 32);
}

export interface MappedAccess {
  roles: Role[];
  team: string | null;
}

/**
 * The roles of every mapped value the user has (their union), and the team of the first mapping in the map's
 * order that names one. Null when no value is mapped: the user may not sign in.
 */
export function mapClaimValues(map: RoleMap, values: readonly string[]): MappedAccess | null {
  const held = new Set(values);
  const matched = map.mappings.filter((m) => held.has(m.group));
  if (matched.length === 0) return null;
  const granted = new Set<Role>(matched.flatMap((m) => m.roles));
  return { roles: roles.filter((r) => granted.has(r)), team: matched.find((m) => m.team)?.team ?? null };
}

/**
 * The values of a claim as a list of strings: an array of strings, or one string. A dotted name reaches into
 * nested objects (Keycloak's `realm_access.roles`). Anything else counts as no values.
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = name in claims ? claims[name] : name.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), claims);
  if (typeof value === 'string') value = [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)), '') || '(map)';
}
