// The field indexes of the built-in kinds, from the vendored upstream OpenAPI v3 documents: one
// group-version's document is read the first time one of its kinds is written, every kind of it is
// compiled, and the document is dropped (only the compact indexes stay, shared by every cluster).
import { OpenApiDocuments } from '../openapi/openapi.documents';
import { FieldIndexCompiler, type FieldIndex, type IndexedSchema } from './field-index';
import type { ResourceType } from './resource-types';

type Gvk = { group: string; version: string; kind: string };
type ComponentSchema = IndexedSchema & { 'x-kubernetes-group-version-kind'?: Gvk[] };

const gvPathOf = (rt: Pick<ResourceType, 'group' | 'version'>) => (rt.group ? `apis/${rt.group}/${rt.version}` : `api/${rt.version}`);

function compileGroupVersion(documents: OpenApiDocuments, rt: ResourceType): Map<string, FieldIndex> {
  const kinds = new Map<string, FieldIndex>();
  const document = documents.v3(gvPathOf(rt));
  if (!document) return kinds;
  const schemas = (JSON.parse(document.toString('utf8')) as { components?: { schemas?: Record<string, ComponentSchema> } }).components?.schemas ?? {};
  const compiler = new FieldIndexCompiler(schemas);
  for (const [name, schema] of Object.entries(schemas)) {
    const gvk = schema['x-kubernetes-group-version-kind']?.find((candidate) => candidate.group === rt.group && candidate.version === rt.version);
    if (gvk && !kinds.has(gvk.kind)) kinds.set(gvk.kind, compiler.definition(name));
  }
  return kinds;
}

/** Lazily built indexes of the built-in kinds, per group-version. */
export class BuiltinFieldIndexes {
  private readonly byGroupVersion = new Map<string, Map<string, FieldIndex>>();

  /** `schemaDir` is where the upstream documents are (default: apps/kube-sim/schemas). */
  constructor(private readonly schemaDir?: string) {}

  /** The index of a built-in kind, or undefined when upstream has no schema for it. */
  of(rt: ResourceType): FieldIndex | undefined {
    const gvPath = gvPathOf(rt);
    let kinds = this.byGroupVersion.get(gvPath);
    if (!kinds) {
      // a throw-away reader, so the raw documents are not kept once compiled
      kinds = compileGroupVersion(new OpenApiDocuments(this.schemaDir), rt);
      this.byGroupVersion.set(gvPath, kinds);
    }
    return kinds.get(rt.kind);
  }
}

/** The indexes every cluster of the process shares (the schemas never change while running). */
export const builtinFieldIndexes = new BuiltinFieldIndexes();
