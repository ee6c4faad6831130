// Field ownership of server-side apply (a simplified structured-merge-diff): each manager owns leaf
// field paths, kept in metadata.managedFields as FieldsV1 (`f:` fields, `k:{"name":..}` list items).
import { ApiError } from './status';
import type { KubeObject } from './store';
import { isObject } from './strategic-merge';

/** One metadata.managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

type Path = string[];
const SEP = '\u0000';
const KEYED = new Set(['containers', 'initContainers', 'env', 'volumes', 'ports', 'imagePullSecrets']);
const SKIP_META = new Set(['labels', 'annotations']);

function keyOf(field: string, item: unknown): string | undefined {
  if (!KEYED.has(field) || !isObject(item)) return undefined;
  if (typeof item.name === 'string') return JSON.stringify({ name: item.name });
  if (field === 'ports' && item.containerPort !== undefined) return `{"containerPort":${JSON.stringify(item.containerPort)},"protocol":${JSON.stringify(item.protocol ?? 'TCP')}}`;
  return undefined;
}

function listPaths(field: string, list: unknown[], path: Path): Path[] {
  const keys = list.map((item) => keyOf(field, item));
  if (list.length === 0 || keys.some((key) => key === undefined)) return [path];
  return list.flatMap((item, index) => leafPaths(item, [...path, `k:${keys[index]}`]));
}

function leafPaths(value: unknown, path: Path): Path[] {
  if (!isObject(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([key, child]) => {
    const next = [...path, `f:${key}`];
    return Array.isArray(child) ? listPaths(key, child, next) : leafPaths(child, next);
  });
}

/** The leaf field paths an object sets (identity and status fields excluded), as joined strings. */
export function fieldPaths(obj: KubeObject): Set<string> {
  const body: Record<string, unknown> = { ...obj };
  for (const key of ['apiVersion', 'kind', 'metadata', 'status']) delete body[key];
  const meta = Object.fromEntries(Object.entries(obj.metadata ?? {}).filter(([key]) => SKIP_META.has(key)));
  if (Object.keys(meta).length > 0) body.metadata = meta;
  if (Object.keys(body).length === 0) return new Set();
  return new Set(leafPaths(body, []).map((path) => path.join(SEP)));
}

/** FieldsV1 of a set of paths. */
export function toFieldsV1(paths: Set<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    for (const token of path.split(SEP)) {
      node[token] = node[token] ?? {};
      node = node[token] as Record<string, unknown>;
      if (token.startsWith('k:')) node['.'] = {};
    }
  }
  return root;
}

/** The leaf paths of a FieldsV1 tree. */
export function fromFieldsV1(tree: Record<string, unknown>, prefix: Path = []): Set<string> {
  const out = new Set<string>();
  for (const [token, child] of Object.entries(tree)) {
    if (token === '.') continue;
    const sub = isObject(child) ? fromFieldsV1(child, [...prefix, token]) : new Set<string>();
    if (sub.size === 0) out.add([...prefix, token].join(SEP));
    sub.forEach((path) => out.add(path));
  }
  return out;
}

function step(value: unknown, token: string): unknown {
  if (token.startsWith('f:')) return isObject(value) ? value[token.slice(2)] : undefined;
  if (!Array.isArray(value)) return undefined;
  const key = JSON.parse(token.slice(2)) as Record<string, unknown>;
  return value.find((item) => isObject(item) && Object.entries(key).every(([k, v]) => (item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v));
}

/** The value at a joined path, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  return path.split(SEP).reduce<unknown>((value, token) => step(value, token), obj);
}

/** Removes the value at a joined path (and list items keyed by it) from an object, in place. */
export function removeAt(obj: unknown, path: string): void {
  const tokens = path.split(SEP);
  const last = tokens.pop() ?? '';
  const parent = tokens.reduce<unknown>((value, token) => step(value, token), obj);
  if (last.startsWith('f:') && isObject(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) parent.splice(parent.indexOf(step(parent, last)), 1);
}

/** `.spec.replicas` style name of a joined path. */
export function displayPath(path: string): string {
  return path.split(SEP).map((token) => (token.startsWith('f:') ? `.${token.slice(2)}` : `[${token.slice(2)}]`)).join('');
}

/** The manager name of a non-apply write: the fieldManager param, else the user agent's program, else "unknown". */
export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  return fieldManager || userAgent?.split('/')[0]?.trim() || 'unknown';
}

/** 409 Conflict for apply conflicts, as kube-apiserver words it. */
export function applyConflict(conflicts: { manager: string; path: string }[]): ApiError {
  const causes = conflicts.map(({ manager, path }) => ({ type: 'FieldManagerConflict', reason: 'FieldManagerConflict', message: `conflict with "${manager}": ${displayPath(path)}`, field: displayPath(path) }));
  const text = causes.map((c) => c.message).join(', ');
  return new ApiError(409, 'Conflict', `Apply failed with ${causes.length} conflict${causes.length === 1 ? '' : 's'}: ${text}`, { causes });
}
