import { AUDITED_METHODS, type AuditedMethod } from '@flotilla/contracts';

/** Routes under this prefix are the API; health, metrics and docs are not audited. */
const API_ROOT = '/api/v1';
const MAX_ROUTE_LENGTH = 512;

const VERBS: Record<AuditedMethod, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** Whether a request is one the audit log records: a mutating method on an API path. */
export function isAudited(method: string, url: string): method is AuditedMethod {
  const path = pathOf(url);
  return (AUDITED_METHODS as readonly string[]).includes(method) && (path === API_ROOT || path.startsWith(`${API_ROOT}/`));
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The route pattern as the OpenAPI document writes it (`/api/v1/orgs/{orgId}/users`); the bare path
 * when no route matched (a 404), cut to a sane length.
 */
export function routePattern(routeUrl: string | undefined, url: string): string {
  if (routeUrl) return routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return pathOf(url).slice(0, MAX_ROUTE_LENGTH);
}

const isParam = (segment: string) => segment.startsWith(':') || segment.startsWith('{') || segment === '*';

/**
 * A short name for what a route does, derived from its pattern so that every route has one:
 * the static path segments (dropping the leading `orgs/{orgId}` of org-scoped routes, whose org is
 * recorded on its own) and a verb from the method — `POST /orgs/{orgId}/users` is `users.create`,
 * `PUT /orgs/{orgId}/users/{userId}/role` is `users.role.update`, `DELETE /me/tokens/{tokenId}` is
 * `me.tokens.delete`. A POST to a singular trailing segment is an operation named by that segment:
 * `POST /auth/login` is `auth.login`, `POST /tokens/{tokenId}/revoke` is `tokens.revoke`.
 * No matched route is `route.unmatched`.
 */
export function deriveAction(method: AuditedMethod, routeUrl: string | undefined): string {
  if (!routeUrl) return 'route.unmatched';
  const segments = routeUrl.slice(routeUrl.startsWith(API_ROOT) ? API_ROOT.length : 0).split('/').filter(Boolean);
  const statics = resourceSegments(segments);
  return (isOperation(method, segments, statics) ? statics : [...statics, VERBS[method]]).join('.');
}

/** The static segments of a route, without the `orgs/{orgId}` scope of org-scoped routes. */
function resourceSegments(segments: string[]): string[] {
  const statics = segments.filter((segment) => !isParam(segment));
  const orgScoped = statics[0] === 'orgs' && isParam(segments[1] ?? '') && statics.length > 1;
  return orgScoped ? statics.slice(1) : statics;
}

/** A POST to a singular trailing segment (`.../revoke`, `/auth/login`) names an operation, not a collection. */
function isOperation(method: AuditedMethod, segments: string[], statics: string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  return method === 'POST' && statics.length > 1 && !isParam(last) && !last.endsWith('s');
}
