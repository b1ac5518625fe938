// Who may call a route, declared on the route itself. A route under /api without a declaration fails closed:
// the app refuses to start rather than serve an endpoint nobody decided about.
import type { RouteOptions } from 'fastify';
import { roles as knownRoles, type Role } from '../../contracts/session.js';

/** `public`: anyone (sign-in only); `authenticated`: any signed-in user; `{ roles }`: a user holding one of them. */
export type RouteAccess = 'public' | 'authenticated' | { roles: readonly Role[] };

/** Every role: for read routes open to anyone who holds a role at all. */
export const ALL_ROLES: readonly Role[] = knownRoles;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Who sees the dashboard, and with it the alerts: everyone but support. */
export const DASHBOARD_ROLES: readonly Role[] = ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner', 'auditor'];

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Called for every route as it is registered; throws when an /api route does not say who may call it. */
export function assertAccessDeclared(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  if (!isApiPath(route.url)) return;
  const name = `${[route.method].flat().join(',')} ${route.url}`;
  const access = (route.config as { access?: unknown } | undefined)?.access;
  if (access === 'public' || access === 'authenticated') return;
  if (access && typeof access === 'object' && Array.isArray((access as { roles?: unknown }).roles)) {
    const listed = (access as { roles: unknown[] }).roles;
    const unknown = listed.filter((r) => !(knownRoles as readonly unknown[]).includes(r));
    if (listed.length === 0) throw new Error(`Route ${name} declares access with no roles; list at least one.`);
    if (unknown.length) throw new Error(`Route ${name} declares unknown roles ${unknown.join(', ')}.`);
    return;
  }
  throw new Error(`Route ${name} declares no config.access ('public', 'authenticated' or { roles: [...] }).`);
}

export function allows(access: RouteAccess | undefined, userRoles: readonly Role[]): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  if (!access) return false;
  return access.roles.some((role) => userRoles.includes(role));
}

export function requiredRoles(access: RouteAccess | undefined): Role[] {
  return access && typeof access === 'object' ? [...access.roles] : [];
}
