// Legacy discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>) built from the resource
// types a cluster's API machinery serves plus its flavour's extra groups. kubectl asks for the
// aggregated form first and falls back to these when answered with plain application/json.
import type { ResourceType } from '../server/cluster-api';
import type { FlavourApiGroup } from '../flavours/flavour';

/** One entry of an APIResourceList. */
export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

const EXTRA_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const ACTION_VERBS = Object.fromEntries(['start', 'stop', 'restart', 'pause', 'unpause'].map((action) => [action, ['update']]));
const SUBRESOURCE_VERBS: Record<string, string[]> = { status: ['get', 'patch', 'update'], scale: ['get', 'patch', 'update'], log: ['get'], binding: ['create'], token: ['create'], ...ACTION_VERBS };

/** Every resource type of a cluster: its API machinery's, then its flavour's extra groups. */
export function allResourceTypes(served: readonly ResourceType[], extra: readonly FlavourApiGroup[]): ResourceType[] {
  const flavoured = extra.flatMap((group) =>
    group.resources.map((resource) => ({ ...resource, group: group.group, version: group.version, verbs: EXTRA_VERBS })),
  );
  return [...served, ...flavoured];
}

function groupVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

function toApiResources(type: ResourceType): ApiResource[] {
  const main: ApiResource = { name: type.plural, singularName: type.singular, namespaced: type.namespaced, kind: type.kind, verbs: type.verbs };
  if (type.shortNames?.length) main.shortNames = type.shortNames;
  if (type.categories?.length) main.categories = type.categories;
  const subs = (type.subresources ?? []).map((sub) => ({
    name: `${type.plural}/${sub}`,
    singularName: '',
    namespaced: type.namespaced,
    kind: sub === 'scale' ? 'Scale' : type.kind,
    verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
  }));
  // a type with no verbs of its own only carries subresources (an aggregated API's actions)
  return type.verbs.length > 0 ? [main, ...subs] : subs;
}

/** /api: the core group's versions. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

const VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY: Record<string, number> = { '': 2, beta: 1, alpha: 0 };

/** kube-apiserver's version priority: GA before beta before alpha, higher numbers first, others last by name. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [VERSION.exec(a), VERSION.exec(b)];
  if (!x || !y) return Number(!x) - Number(!y) || a.localeCompare(b);
  return STABILITY[y[2] ?? ''] - STABILITY[x[2] ?? ''] || Number(y[1]) - Number(x[1]) || Number(y[3] ?? 0) - Number(x[3] ?? 0);
}

function groupsOf(types: readonly ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const type of types.filter((candidate) => candidate.group !== '')) {
    const versions = groups.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    groups.set(type.group, versions.sort(compareVersions));
  }
  return groups;
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const listed = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: listed, preferredVersion: listed[0] };
}

/** /apis: every named group. */
export function apiGroupList(types: readonly ResourceType[]): Record<string, unknown> {
  const groups = [...groupsOf(types)].map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** /apis/<group>: one group, or undefined when it is not served. */
export function apiGroupDocument(types: readonly ResourceType[], group: string): Record<string, unknown> | undefined {
  const versions = groupsOf(types).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) } : undefined;
}

/** /api/v1 or /apis/<group>/<version>: the resources of one group-version, or undefined. */
export function apiResourceList(types: readonly ResourceType[], groupVersion: string): Record<string, unknown> | undefined {
  const matching = types.filter((type) => groupVersionOf(type) === groupVersion);
  if (matching.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: matching.flatMap(toApiResources) };
}

/**
 * The discovery document for a path (query stripped), or undefined when the path is not a discovery
 * path (or names a group-version that is not served: the caller answers 404 then).
 */
export function discoveryDocument(types: readonly ResourceType[], path: string, serverAddress: string): Record<string, unknown> | undefined {
  if (path === '/api') return apiVersions(serverAddress);
  if (path === '/apis') return apiGroupList(types);
  if (path === '/api/v1') return apiResourceList(types, 'v1');
  const [, group, version] = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path) ?? [];
  if (!group) return undefined;
  return version ? apiResourceList(types, `${group}/${version}`) : apiGroupDocument(types, group);
}

/** True for the paths {@link discoveryDocument} owns. */
export function isDiscoveryPath(path: string): boolean {
  return path === '/api' || path === '/apis' || path === '/api/v1' || /^\/apis\/[^/]+(\/[^/]+)?$/.test(path);
}
