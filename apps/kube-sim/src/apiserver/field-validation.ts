// The fieldValidation query parameter (KEP-2885) for built-in kinds and custom resources alike: the
// unknown fields of a written object come from the kind's schema (the upstream OpenAPI documents for
// built-in kinds, the CRD's openAPIV3Schema for custom resources). Strict answers 400 with the
// message kube-apiserver's strict decoder gives, Warn (the server default) answers with one Warning
// header per field, Ignore stays silent; both drop the fields, as decoding into a Go struct does.
import { builtinFieldIndexes } from './builtin-field-index';
import type { JsonSchema } from './crd-schema';
import { byListKey, FieldIndexCompiler, pruneUnknownFields, unknownFieldPaths, type FieldIndex, type IndexedSchema } from './field-index';
import { apiVersionOf, type ResourceType } from './resource-types';
import type { Call } from './routes';
import { badRequest } from './status';
import type { KubeObject } from './store';

/** How the object reached the server: a whole body (create, update) or the result of a patch. */
export type WriteKind = 'body' | 'patch';

type Obj = Record<string, unknown>;

const MODES = ['Strict', 'Warn', 'Ignore'];
/** Root fields of a custom resource that its schema does not describe (the API machinery owns them). */
const CUSTOM_ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const customIndexes = new WeakMap<JsonSchema, FieldIndex>();

interface Checked {
  index: FieldIndex;
  /** The part of the object the index describes (a custom resource's schema skips its root fields). */
  body: Obj;
  /** Whether to drop the unknown fields here (custom resources are pruned by their admission). */
  prune: boolean;
}

function customIndex(schema: JsonSchema): FieldIndex {
  let index = customIndexes.get(schema);
  if (!index) {
    index = new FieldIndexCompiler({}).compile(schema as IndexedSchema);
    customIndexes.set(schema, index);
  }
  return index;
}

function checkedPart(call: Call, obj: KubeObject): Checked | undefined {
  const rt = call.target.rt;
  const schema = call.ctx.service.schemaOf?.(rt);
  if (schema) {
    const body = Object.fromEntries(Object.entries(obj).filter(([key]) => !CUSTOM_ROOT_FIELDS.has(key)));
    return { index: customIndex(schema), body, prune: false };
  }
  const index = builtinFieldIndexes.of(rt);
  return index ? { index, body: obj as Obj, prune: true } : undefined;
}

function modeOf(call: Call): string {
  const mode = call.query.get('fieldValidation') ?? 'Warn';
  if (!MODES.includes(mode)) throw badRequest(`fieldValidation: Unsupported value: "${mode}"`);
  return mode;
}

function strictError(rt: ResourceType, unknown: string[], kind: WriteKind): Error {
  const decoding = `strict decoding error: ${unknown.map((field) => `unknown field "${field}"`).join(', ')}`;
  if (kind === 'patch') return badRequest(decoding);
  return badRequest(`${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${decoding}`);
}

/**
 * Applies the request's fieldValidation to an object about to be written (a create or update body,
 * or a json/merge/strategic patch's result); 400 for an unsupported mode or, with Strict, for unknown
 * fields. Unknown fields are removed from `obj` otherwise.
 */
export function checkFieldValidation(call: Call, obj: KubeObject, kind: WriteKind = 'body'): void {
  const mode = modeOf(call);
  const checked = checkedPart(call, obj);
  if (!checked) return;
  const unknown = unknownFieldPaths(checked.index, checked.body);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw strictError(call.target.rt, unknown, kind);
  if (mode === 'Warn') call.res.setHeader('Warning', unknown.map((field) => `299 - ${JSON.stringify(`unknown field "${field}"`)}`));
  if (checked.prune) pruneUnknownFields(checked.index, checked.body);
}

function gvkName(rt: ResourceType): string {
  return `${rt.group ? apiVersionOf(rt) : `/${rt.version}`}, Kind=${rt.kind}`;
}

/**
 * Server-side apply types the applied configuration against the kind's schema whatever the
 * fieldValidation mode, so an unknown field fails the request with structured-merge-diff's message.
 * Upstream answers it as a 500 (kubernetes/kubernetes#139253, fix pending to 400); kube-sim answers
 * 400 BadRequest with the same text.
 */
export function checkAppliedFields(call: Call, applied: KubeObject): void {
  modeOf(call);
  const checked = checkedPart(call, applied);
  if (!checked) return;
  const unknown = unknownFieldPaths(checked.index, checked.body, byListKey).map((path) => `.${path}: field not declared in schema`);
  if (unknown.length === 0) return;
  const errors = unknown.length === 1 ? unknown[0] : ['errors:', ...unknown.map((line) => `  ${line}`)].join('\n');
  const { namespace = '', name = '' } = applied.metadata;
  throw badRequest(`failed to create typed patch object (${namespace}/${name}; ${gvkName(call.target.rt)}): ${errors}`);
}
