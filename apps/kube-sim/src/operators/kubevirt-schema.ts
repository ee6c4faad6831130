// KubeVirt publishes no CRD yaml: virt-operator generates its CRDs' openAPIV3Schema from the Go API
// types (pkg/virt-operator/resource/generate/components/validations_generated.go). This derives the
// same kind of structural schema from the swagger.json KubeVirt ships: $refs resolved inline,
// quantities and int-or-strings as x-kubernetes-int-or-string, free-form objects preserved.
import type { JsonSchema } from '../apiserver/crd-schema';

/** A swagger 2.0 schema as KubeVirt's swagger.json writes it. */
export type SwaggerSchema = Record<string, unknown>;

const REF_PREFIX = '#/definitions/';
const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const OBJECT_META = 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** The pattern controller-gen writes for resource.Quantity. */
const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
/** Schema keywords carried over unchanged (swagger's `default: {}` on refs is left out, as in KubeVirt's CRDs). */
const KEPT = ['description', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'nullable', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type'];

const intOrString = (extra: JsonSchema = {}): JsonSchema => ({ ...extra, anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });

function special(name: string): JsonSchema | undefined {
  if (name === QUANTITY) return intOrString({ pattern: QUANTITY_PATTERN });
  if (name === INT_OR_STRING) return intOrString();
  if (name === OBJECT_META) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return undefined;
}

/** type and format; swagger's type lists become nullable or int-or-string, as in the Go types they come from. */
function typeAndFormat(schema: SwaggerSchema): JsonSchema {
  const { type, format } = schema;
  if (format === 'int-or-string') return intOrString();
  const out: JsonSchema = typeof format === 'string' ? { format } : {};
  if (typeof type === 'string') return { ...out, type };
  if (!Array.isArray(type)) return out;
  return type.includes('null') ? { ...out, type: type.find((t) => t !== 'null'), nullable: true } : intOrString();
}

/** Converts swagger definitions into CRD structural schemas, resolving $refs (KubeVirt's types are not recursive). */
export class KubevirtSchemaConverter {
  constructor(private readonly definitions: Record<string, SwaggerSchema>) {}

  /** The structural schema of a definition ("v1.VirtualMachine"). */
  definition(name: string): JsonSchema {
    const def = this.definitions[name];
    if (!def) throw new Error(`KubeVirt swagger has no definition ${name}`);
    return special(name) ?? this.convert(def);
  }

  private convert(schema: SwaggerSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref === 'string') return this.resolved(ref.slice(REF_PREFIX.length), schema);
    const out = typeAndFormat(schema) as JsonSchema & Record<string, unknown>;
    for (const key of KEPT.filter((name) => schema[name] !== undefined)) out[key] = schema[key];
    this.children(schema, out);
    if (out.type === 'object' && !out.properties && out.additionalProperties === undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
    return out;
  }

  private children(schema: SwaggerSchema, out: JsonSchema): void {
    const properties = schema.properties as Record<string, SwaggerSchema> | undefined;
    if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, this.convert(value)]));
    if (Array.isArray(schema.required) && schema.required.length > 0) out.required = schema.required as string[];
    if (schema.items) out.items = this.convert(schema.items as SwaggerSchema);
    const extra = schema.additionalProperties;
    if (typeof extra === 'boolean') out.additionalProperties = extra;
    else if (extra) out.additionalProperties = this.convert(extra as SwaggerSchema);
  }

  private resolved(name: string, at: SwaggerSchema): JsonSchema {
    const schema = this.definition(name);
    return typeof at.description === 'string' ? ({ ...schema, description: at.description } as JsonSchema) : schema;
  }
}
