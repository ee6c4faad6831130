type Json = unknown;
type JsonObject = Record<string, unknown>;

/** Whether a JSON value is a plain object. */
export function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Merge keys of the lists strategic merge patch merges by key (by field name, as in core/v1 and apps/v1). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field !== 'ports') return MERGE_KEYS[field];
  return items.some((item) => isObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!key.startsWith('$')) result[key] = stripDirectives(item);
  }
  return result;
}

function mergeList(original: Json, patch: Json[], key: string): Json[] {
  const result = Array.isArray(original) ? original.map((item) => structuredClone(item)) : [];
  for (const item of patch) {
    if (!isObject(item)) return stripDirectives(patch) as Json[];
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMerge(result[index], item);
    else result.push(stripDirectives(item));
  }
  return result;
}

function mergeField(field: string, original: Json, value: Json): Json {
  if (Array.isArray(value)) {
    const key = mergeKeyFor(field, [...value, ...(Array.isArray(original) ? original : [])]);
    return key ? mergeList(original, value, key) : stripDirectives(value);
  }
  return strategicMerge(original, value);
}

/**
 * Strategic merge patch (simplified): like a merge patch, but the well-known lists (containers and
 * initContainers by name, env by name, ports by containerPort/port, volumes by name, volumeMounts by
 * mountPath, ...) merge item by item; `$patch: delete` removes a list item or map, `$patch: replace`
 * replaces a map. Other `$` directives are ignored.
 */
export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [field, value] of Object.entries(patch)) {
    if (field.startsWith('$')) continue;
    if (value === null) delete result[field];
    else result[field] = mergeField(field, result[field], value);
    if (result[field] === undefined) delete result[field];
  }
  return result;
}
