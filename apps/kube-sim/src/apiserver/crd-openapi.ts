// The /openapi/v3/apis/<group>/<version> document of a custom resource group-version, as
// kube-apiserver publishes it from the CRDs' schemas: one component per kind, tagged with
// x-kubernetes-group-version-kind, which is what `kubectl explain` looks up.
import type { JsonSchema } from './crd-schema';
import type { ResourceType } from './resource-types';

/** One served custom resource version with its schema. */
export interface CustomSchema {
  rt: ResourceType;
  schema: JsonSchema;
}

const OBJECT_META = {
  description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
};

function componentName(rt: ResourceType): string {
  const reversed = rt.group.split('.').reverse().join('.');
  return `${reversed}.${rt.version}.${rt.kind}`;
}

function component({ rt, schema }: CustomSchema): Record<string, unknown> {
  const properties = { ...schema.properties, metadata: OBJECT_META };
  return { ...schema, properties, 'x-kubernetes-group-version-kind': [{ group: rt.group, version: rt.version, kind: rt.kind }] };
}

const queryParam = (name: string) => ({ in: 'query', name, schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);

function operation(rt: ResourceType, action: string, withBody: boolean): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${componentName(rt)}` };
  const op: Record<string, unknown> = {
    operationId: `${action}${rt.kind}`,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
  };
  if (withBody) Object.assign(op, { parameters: WRITE_PARAMS, requestBody: { content: { '*/*': { schema: ref } }, required: true } });
  return op;
}

function pathsOf(rt: ResourceType): [string, Record<string, unknown>][] {
  const collection = `/apis/${rt.group}/${rt.version}/${rt.namespaced ? 'namespaces/{namespace}/' : ''}${rt.plural}`;
  return [
    [collection, { get: operation(rt, 'list', false), post: operation(rt, 'post', true) }],
    [`${collection}/{name}`, { get: operation(rt, 'get', false), put: operation(rt, 'put', true), patch: operation(rt, 'patch', true), delete: operation(rt, 'delete', false) }],
  ];
}

/** The OpenAPI v3 document of one custom resource group-version: paths (for kubectl's field validation check) and schemas. */
export function customOpenApiDocument(schemas: CustomSchema[]): Record<string, unknown> {
  const components = Object.fromEntries(schemas.map((entry) => [componentName(entry.rt), component(entry)]));
  const paths = Object.fromEntries(schemas.flatMap((entry) => pathsOf(entry.rt)));
  return { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas: components } };
}
