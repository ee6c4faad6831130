import { hasSubresource, type ResourceType } from './resource-types';
import type { ResourceService } from './resources';
import { ApiError } from './status';

/** What a Kubernetes resource path addresses. */
export interface Target {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy /watch/ path prefix was used. */
  watch: boolean;
}

/** 404 for a path that names no served resource. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function groupVersion(segments: string[]): { group: string; version: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length >= 2) return { group: '', version: segments[1], rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length >= 3) return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return undefined;
}

/** Resolves a path (no query string) such as /apis/apps/v1/namespaces/x/deployments/y/status. */
export function parsePath(service: ResourceService, pathname: string): Target {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const gv = groupVersion(segments);
  if (!gv) throw pathNotFound();
  const watch = gv.rest[0] === 'watch';
  return resolveTarget(service, { ...gv, rest: watch ? gv.rest.slice(1) : gv.rest }, watch);
}

function isValidTarget(rt: ResourceType, parts: { scoped: boolean; name?: string; subresource?: string; extra: string[] }): boolean {
  if (parts.extra.length > 0) return false;
  if (parts.subresource && !hasSubresource(rt, parts.subresource)) return false;
  return !(rt.namespaced && !parts.scoped && parts.name);
}

function resolveTarget(service: ResourceService, gv: { group: string; version: string; rest: string[] }, watch: boolean): Target {
  const rest = gv.rest;
  const nsType = rest[0] === 'namespaces' && rest.length >= 3 ? service.find(gv.group, gv.version, rest[2]) : undefined;
  const scoped = nsType?.namespaced === true;
  const [plural, name, subresource, ...extra] = scoped ? rest.slice(2) : rest;
  const rt = plural ? service.find(gv.group, gv.version, plural) : undefined;
  if (!rt || !isValidTarget(rt, { scoped, name, subresource, extra })) throw pathNotFound();
  return { rt, namespace: scoped ? rest[1] : undefined, name, subresource, watch };
}
