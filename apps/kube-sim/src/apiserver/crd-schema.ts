// Structural OpenAPI v3 schemas of CustomResourceDefinitions, the subset kube-apiserver applies to
// custom resources: pruning of unknown fields, `default:` values, and validation with field causes
// worded as apiextensions-apiserver words them (its validation.ConvertToFieldErrors).
import type { StatusCause } from './status';

/** The JSONSchemaProps subset a CRD's openAPIV3Schema uses. */
export interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

type Obj = Record<string, unknown>;

/** Root fields that belong to the API machinery, never pruned, defaulted or validated by the schema. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const INT32 = [-2147483648, 2147483647];

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

function childSchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  if (schema.properties?.[key]) return schema.properties[key];
  return isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

function keepsUnknown(schema: JsonSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
}

function pruneField(schema: JsonSchema, obj: Obj, key: string): void {
  const child = childSchema(schema, key);
  if (child) prune(child, obj[key]);
  else if (!keepsUnknown(schema)) delete obj[key];
}

/** Removes, in place, every field the schema does not know (unless x-kubernetes-preserve-unknown-fields). */
export function prune(schema: JsonSchema, value: unknown): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) prune(schema.items, item);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) pruneField(schema, value, key);
}

function defaultField(schema: JsonSchema, obj: Obj, key: string): void {
  if (obj[key] === null && !schema.nullable) delete obj[key];
  if (obj[key] === undefined && schema.default !== undefined) obj[key] = structuredClone(schema.default);
  if (obj[key] !== undefined) applyDefaults(schema, obj[key]);
}

/** Sets, in place, the `default:` of every absent (or null and not nullable) field, top-down. */
export function applyDefaults(schema: JsonSchema, value: unknown): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(schema.items, item);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(schema.properties ?? {})) defaultField(child, value, key);
  const extra = schema.additionalProperties;
  if (!isObject(extra)) return;
  for (const key of Object.keys(value).filter((name) => !schema.properties?.[name])) defaultField(extra, value, key);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || Number.isInteger(value);
  if (value === null) return schema.nullable === true || !schema.type;
  if (!schema.type) return true;
  if (schema.type === 'number') return typeof value === 'number';
  return typeName(value) === schema.type;
}

const invalidCause = (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${show(value)}: ${detail}` });

function minimumCause(schema: JsonSchema, value: number, path: string): StatusCause[] {
  const min = schema.minimum;
  if (min === undefined || (schema.exclusiveMinimum ? value > min : value >= min)) return [];
  return [invalidCause(path, value, `${path} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${min}`)];
}

function maximumCause(schema: JsonSchema, value: number, path: string): StatusCause[] {
  const max = schema.maximum;
  if (max === undefined || (schema.exclusiveMaximum ? value < max : value <= max)) return [];
  return [invalidCause(path, value, `${path} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${max}`)];
}

function numberCauses(schema: JsonSchema, value: number, path: string): StatusCause[] {
  const causes = [...minimumCause(schema, value, path), ...maximumCause(schema, value, path)];
  if (schema.format === 'int32' && (value < INT32[0] || value > INT32[1])) causes.push(invalidCause(path, value, `${path} in body must be of type int32`));
  return causes;
}

function stringCauses(schema: JsonSchema, value: string, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength) causes.push(invalidCause(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    causes.push({ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be more than ${schema.maxLength} bytes` });
  }
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) causes.push(invalidCause(path, value, `${path} in body should match '${schema.pattern}'`));
  return causes;
}

function arrayCauses(schema: JsonSchema, value: unknown[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems) causes.push(invalidCause(path, value.length, `${path} in body should have at least ${schema.minItems} items`));
  if (schema.maxItems !== undefined && value.length > schema.maxItems) causes.push({ reason: 'FieldValueTooMany', field: path, message: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
  const items = schema.items;
  if (items) value.forEach((item, index) => causes.push(...validate(items, item, `${path}[${index}]`)));
  return causes;
}

function objectCauses(schema: JsonSchema, value: Obj, path: string): StatusCause[] {
  const missing = (schema.required ?? []).filter((name) => value[name] === undefined);
  const causes: StatusCause[] = missing.map((name) => ({ reason: 'FieldValueRequired', field: join(path, name), message: 'Required value' }));
  for (const [key, child] of Object.entries(value)) {
    const childType = childSchema(schema, key);
    if (childType) causes.push(...validate(childType, child, join(path, key)));
  }
  return causes;
}

function enumCauses(schema: JsonSchema, value: unknown, path: string): StatusCause[] {
  if (!schema.enum || schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) return [];
  const supported = schema.enum.map(show).join(', ');
  return [{ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${show(value)}: supported values: ${supported}` }];
}

function valueCauses(schema: JsonSchema, value: unknown, path: string): StatusCause[] {
  if (typeof value === 'number') return numberCauses(schema, value, path);
  if (typeof value === 'string') return stringCauses(schema, value, path);
  if (Array.isArray(value)) return arrayCauses(schema, value, path);
  return isObject(value) ? objectCauses(schema, value, path) : [];
}

function combinatorCauses(schema: JsonSchema, value: unknown, path: string): StatusCause[] {
  const causes = (schema.allOf ?? []).flatMap((part) => validate(part, value, path));
  const anyOf = schema.anyOf ?? [];
  if (anyOf.length === 0 || anyOf.some((part) => validate(part, value, path).length === 0)) return causes;
  return [...causes, ...validate(anyOf[anyOf.length - 1], value, path)];
}

/** The field causes of a value against its schema (empty when valid); `path` is the value's field path. */
export function validate(schema: JsonSchema, value: unknown, path: string): StatusCause[] {
  if (!typeMatches(schema, value)) {
    const type = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    return [{ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "${typeName(value)}": ${path} in body must be of type ${type}: "${typeName(value)}"` }];
  }
  if (value === null) return [];
  return [...enumCauses(schema, value, path), ...valueCauses(schema, value, path), ...combinatorCauses(schema, value, path)];
}

function bodySchema(schema: JsonSchema): JsonSchema {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([key]) => !ROOT_FIELDS.has(key)));
  return { ...schema, properties, required: (schema.required ?? []).filter((key) => !ROOT_FIELDS.has(key)) };
}

function bodyOf(obj: Obj): Obj {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !ROOT_FIELDS.has(key)));
}

/**
 * What kube-apiserver does to a custom resource on create and update, in its order: prune unknown
 * fields, apply defaults, validate. Mutates `obj`; returns the field causes (empty when valid).
 */
export function admitCustomObject(schema: JsonSchema, obj: Obj): StatusCause[] {
  const root = bodySchema(schema);
  for (const key of Object.keys(obj).filter((name) => !ROOT_FIELDS.has(name))) pruneField(root, obj, key);
  for (const [key, child] of Object.entries(root.properties ?? {})) defaultField(child, obj, key);
  return validate(root, bodyOf(obj), '');
}
