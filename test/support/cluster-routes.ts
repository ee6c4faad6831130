// The cluster registry's routes and who may call them (issue 7, "Authorization"): the one table the
// cluster matrix drives and the tenancy matrix checks against the OpenAPI document.

/** Who calls: a platform admin, or a role of the caller's organization. */
export type ClusterCaller = 'platformAdmin' | 'orgAdmin' | 'member' | 'viewer';

/**
 * Which cluster a per-cluster route is aimed at, seen from the caller's organization: its own, one
 * shared with it by a platform admin, another organization's (not shared), or none at all.
 */
export type ClusterVariant = 'own' | 'shared' | 'other' | 'nonexistent';

/**
 * What a route needs: `read` (GET, capacity, fit: viewers too), `operate` (test, detect: members and
 * up), `manage` (patch, delete, credentials: org admins of the owning organization; never through sharing).
 */
export type ClusterAccess = 'read' | 'operate' | 'manage';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route on one cluster: `/clusters/{clusterId}...`. */
export interface ClusterRoute {
  method: Method;
  /** OpenAPI path template under /api/v1. */
  path: string;
  access: ClusterAccess;
  /** HTTP status of a success. */
  ok: number;
}

/** Routes on one cluster. */
export const CLUSTER_ROUTES: readonly ClusterRoute[] = [
  { method: 'GET', path: '/clusters/{clusterId}', access: 'read', ok: 200 },
  { method: 'GET', path: '/clusters/{clusterId}/capacity', access: 'read', ok: 200 },
  { method: 'POST', path: '/clusters/{clusterId}/fit', access: 'read', ok: 200 },
  { method: 'POST', path: '/clusters/{clusterId}/test', access: 'operate', ok: 200 },
  { method: 'POST', path: '/clusters/{clusterId}/detect', access: 'operate', ok: 200 },
  { method: 'PATCH', path: '/clusters/{clusterId}', access: 'manage', ok: 200 },
  { method: 'PUT', path: '/clusters/{clusterId}/credentials', access: 'manage', ok: 200 },
  { method: 'DELETE', path: '/clusters/{clusterId}', access: 'manage', ok: 204 },
];

/** Routes on the collection or the whole fleet, with the callers that succeed. */
export const FLEET_ROUTES: ReadonlyArray<{ method: Method; path: string; allowed: readonly ClusterCaller[]; ok: number }> = [
  { method: 'GET', path: '/clusters', allowed: ['platformAdmin', 'orgAdmin', 'member', 'viewer'], ok: 200 },
  { method: 'POST', path: '/clusters', allowed: ['platformAdmin', 'orgAdmin'], ok: 201 },
  { method: 'POST', path: '/clusters/fit', allowed: ['platformAdmin', 'orgAdmin', 'member', 'viewer'], ok: 200 },
  { method: 'POST', path: '/clusters/keys/rotate', allowed: ['platformAdmin'], ok: 200 },
];

/** Every cluster route as `METHOD /path`, as the OpenAPI document lists them. */
export function clusterRouteKeys(): string[] {
  return [...CLUSTER_ROUTES, ...FLEET_ROUTES].map((route) => `${route.method} ${route.path}`);
}

/**
 * The status a caller gets from a per-cluster route: another organization's cluster answers exactly
 * like a missing one (404); a shared cluster is visible but never manageable (403).
 */
export function expectedStatus(route: ClusterRoute, caller: ClusterCaller, variant: ClusterVariant): number {
  if (variant === 'nonexistent') return 404;
  if (caller === 'platformAdmin') return route.ok;
  if (variant === 'other') return 404;
  if (route.access === 'read') return route.ok;
  if (route.access === 'operate') return caller === 'viewer' ? 403 : route.ok;
  return variant === 'own' && caller === 'orgAdmin' ? route.ok : 403;
}
