// What a request does, from its method and path, as kube-apiserver's RequestInfoFactory reads it.
import type { RequestAttributes } from './rbac';

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function verbOf(method: string, named: boolean, watch: boolean): string {
  if (method === 'GET' || method === 'HEAD') return watch ? 'watch' : named ? 'get' : 'list';
  if (method === 'DELETE') return named ? 'delete' : 'deletecollection';
  return VERBS[method] ?? method.toLowerCase();
}

function groupVersionRest(segments: string[]): { group: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length > 2) return { group: '', rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length > 3) return { group: segments[1], rest: segments.slice(3) };
  return undefined;
}

/** Splits `namespaces/<ns>/...` off the part after the group-version; the namespace object itself stays a resource. */
function scoped(rest: string[]): { namespace?: string; parts: string[] } {
  if (rest[0] !== 'namespaces' || rest.length < 2) return { parts: rest };
  if (rest.length === 2 || NAMESPACE_SUBRESOURCES.has(rest[2])) return { namespace: rest[1], parts: rest };
  return { namespace: rest[1], parts: rest.slice(2) };
}

/** The attributes of a request (path without the cluster prefix; query separately). */
export function requestAttributes(method: string, pathname: string, query: URLSearchParams): RequestAttributes {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const gv = groupVersionRest(segments);
  if (!gv) return { verb: method.toLowerCase(), path: pathname };
  const watchPrefix = gv.rest[0] === 'watch';
  const { namespace, parts } = scoped(watchPrefix ? gv.rest.slice(1) : gv.rest);
  const [resource, name, subresource] = parts;
  const watch = watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  return { verb: verbOf(method, name !== undefined, watch), resource: { group: gv.group, resource, subresource, namespace, name } };
}
