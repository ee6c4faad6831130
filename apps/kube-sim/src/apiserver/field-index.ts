// Which field names a kind allows, compiled once from an OpenAPI schema (a built-in kind's component
// schema or a CRD's openAPIV3Schema), so unknown-field detection is a walk of the object, not of the
// schema. A node with neither fields, values nor items accepts anything below it (RawExtension,
// FieldsV1, x-kubernetes-preserve-unknown-fields).

/** The allowed names below one schema node. */
export interface FieldIndex {
  /** Declared properties of an object (closed: other names are unknown). */
  fields?: Map<string, FieldIndex>;
  /** The schema of a map's values (additionalProperties). */
  values?: FieldIndex;
  /** The schema of a list's items. */
  items?: FieldIndex;
  /** x-kubernetes-list-map-keys of a list (how server-side apply names its items). */
  listKeys?: string[];
}

/** The OpenAPI schema subset the index reads. */
export interface IndexedSchema {
  $ref?: string;
  allOf?: IndexedSchema[];
  properties?: Record<string, IndexedSchema>;
  additionalProperties?: boolean | IndexedSchema;
  items?: IndexedSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-map-keys'?: string[];
}

type Obj = Record<string, unknown>;

/** A node that accepts anything. */
export const ANY_FIELDS: FieldIndex = Object.freeze({});

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compiles schemas that refer to each other by `$ref` ("#/components/schemas/<name>" or "#/definitions/<name>"). */
export class FieldIndexCompiler {
  private readonly compiled = new Map<string, FieldIndex>();

  constructor(private readonly definitions: Record<string, IndexedSchema>) {}

  /** The index of a named definition (memoised, so recursive types such as JSONSchemaProps terminate). */
  definition(name: string): FieldIndex {
    const known = this.compiled.get(name);
    if (known) return known;
    const schema = this.definitions[name];
    if (!schema) return ANY_FIELDS;
    const node: FieldIndex = {};
    this.compiled.set(name, node);
    Object.assign(node, this.compile(schema));
    return node;
  }

  /** The index of one schema. */
  compile(schema: IndexedSchema): FieldIndex {
    const ref = refOf(schema);
    if (ref) return this.definition(ref.slice(ref.lastIndexOf('/') + 1));
    if (schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true) return ANY_FIELDS;
    if (schema.items) return { items: this.compile(schema.items), listKeys: schema['x-kubernetes-list-map-keys'] };
    return this.compileObject(schema);
  }

  private compileObject(schema: IndexedSchema): FieldIndex {
    const node: FieldIndex = {};
    if (schema.properties) node.fields = new Map(Object.entries(schema.properties).map(([name, child]) => [name, this.compile(child)]));
    if (isObject(schema.additionalProperties)) node.values = this.compile(schema.additionalProperties as IndexedSchema);
    return node.fields || node.values ? node : ANY_FIELDS;
  }
}

/** A `$ref`, bare (v2) or as the single member of an allOf (v3). */
function refOf(schema: IndexedSchema): string | undefined {
  return schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
}

/** How a path names a list item: strict decoding says `[0]`, server-side apply `[name="web"]`. */
export type ItemLabel = (index: FieldIndex, item: unknown, position: number) => string;

/** `[0]`, as the strict JSON decoder and the unstructured converter write paths. */
export const byPosition: ItemLabel = (_index, _item, position) => `[${position}]`;

/** `[name="web"]` for list-map items and `[0]` otherwise, as structured-merge-diff writes paths. */
export const byListKey: ItemLabel = (index, item, position) => {
  if (!index.listKeys?.length || !isObject(item)) return `[${position}]`;
  return `[${index.listKeys.map((key) => `${key}=${JSON.stringify(item[key])}`).join(',')}]`;
};

const acceptsAnything = (index: FieldIndex) => !index.fields && !index.values && !index.items;

function childOf(index: FieldIndex, key: string): FieldIndex | undefined {
  return index.fields?.get(key) ?? index.values ?? (index.fields ? undefined : ANY_FIELDS);
}

interface Walk {
  label: ItemLabel;
  found: string[];
}

function walk(index: FieldIndex, value: unknown, path: string, state: Walk): void {
  if (Array.isArray(value)) {
    const items = index.items;
    if (items) value.forEach((item, position) => walk(items, item, `${path}${state.label(index, item, position)}`, state));
    return;
  }
  if (!isObject(value) || acceptsAnything(index)) return;
  for (const [key, child] of Object.entries(value)) {
    const childIndex = childOf(index, key);
    const childPath = path ? `${path}.${key}` : key;
    if (childIndex) walk(childIndex, child, childPath, state);
    else state.found.push(childPath);
  }
}

/**
 * The paths of the fields of `value` the index does not declare, in document order ("spec.replicass",
 * "spec.template.spec.containers[0].imagee").
 */
export function unknownFieldPaths(index: FieldIndex, value: unknown, label: ItemLabel = byPosition): string[] {
  const state: Walk = { label, found: [] };
  walk(index, value, '', state);
  return state.found;
}

/** Removes, in place, the fields of `value` the index does not declare (what decoding into a Go struct drops). */
export function pruneUnknownFields(index: FieldIndex, value: unknown): void {
  if (Array.isArray(value)) {
    const items = index.items;
    if (items) for (const item of value) pruneUnknownFields(items, item);
    return;
  }
  if (!isObject(value) || acceptsAnything(index)) return;
  for (const key of Object.keys(value)) {
    const child = childOf(index, key);
    if (child) pruneUnknownFields(child, value[key]);
    else delete value[key];
  }
}
