// CustomResourceDefinitions: what apiextensions-apiserver does for one cluster. A stored CRD turns
// its served versions into resource types at once (served by the generic machinery, listed by
// discovery); its custom resources are pruned, defaulted and validated against the version's
// openAPIV3Schema on every write; deleting the CRD removes the types and every custom resource.
import type { AdmissionAttributes } from './admission';
import { customOpenApiDocument } from './crd-openapi';
import { admitCustomObject, type JsonSchema } from './crd-schema';
import type { ScalePaths } from './custom-scale';
import type { PrinterColumn } from './printer-columns';
import { ALL_VERBS, typeKey, type ResourceType } from './resource-types';
import type { ResourceService } from './resources';
import { ApiError, invalid, type StatusCause } from './status';
import type { KubeObject, StoreEvent } from './store';

interface CrdNames {
  kind: string;
  plural: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: object; scale?: ScalePaths };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}

/** The storage key of CustomResourceDefinitions. */
export const CRD_TYPE_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

const specOf = (crd: KubeObject) => (crd.spec ?? {}) as Partial<CrdSpec>;
const schemaKey = (rt: ResourceType) => `${rt.group}/${rt.version}/${rt.plural}`;

function acceptedNames(names: CrdNames): CrdNames {
  return { ...names, singular: names.singular || names.kind.toLowerCase(), listKind: names.listKind || `${names.kind}List` };
}

function requiredCauses(spec: Partial<CrdSpec>): StatusCause[] {
  const missing = [
    ['spec.group', spec.group],
    ['spec.names.plural', spec.names?.plural],
    ['spec.names.kind', spec.names?.kind],
    ['spec.versions', spec.versions?.length],
  ].filter(([, value]) => !value);
  const causes: StatusCause[] = missing.map(([field]) => ({ reason: 'FieldValueRequired', field: String(field), message: 'Required value' }));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"` });
  }
  return causes;
}

function specCauses(crd: KubeObject): StatusCause[] {
  const spec = specOf(crd);
  const causes = requiredCauses(spec);
  if (causes.length > 0) return causes;
  if (crd.metadata.name !== `${spec.names?.plural}.${spec.group}`) {
    return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group` }];
  }
  if (spec.versions?.filter((v) => v.storage).length !== 1) {
    return [{ reason: 'FieldValueInvalid', field: 'spec.versions', message: 'Invalid value: must have exactly one version marked as storage version' }];
  }
  return [];
}

function conditions(now: string): Record<string, string>[] {
  return [
    { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
    { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
  ];
}

interface CrdStatus {
  conditions?: unknown[];
  storedVersions?: string[];
}

/** What the CRD controllers of kube-apiserver write: Established, accepted names, stored versions. */
function definitionStatus(spec: CrdSpec, previous: CrdStatus, now: string): Record<string, unknown> {
  const storage = spec.versions.find((v) => v.storage)?.name ?? '';
  return {
    conditions: previous.conditions ?? conditions(now),
    acceptedNames: acceptedNames(spec.names),
    storedVersions: [...new Set([...(previous.storedVersions ?? []), storage])],
  };
}

function versionExtras(version: CrdVersion): Partial<ResourceType> {
  const sub = version.subresources ?? {};
  const extras: Partial<ResourceType> = { subresources: [sub.status && 'status', sub.scale && 'scale'].filter((name): name is string => !!name) };
  if (sub.scale) extras.scale = sub.scale;
  if (version.additionalPrinterColumns?.length) extras.printerColumns = version.additionalPrinterColumns;
  return extras;
}

function typeOf(spec: CrdSpec, version: CrdVersion): ResourceType {
  const names = acceptedNames(spec.names);
  const rt: ResourceType = { group: spec.group, version: version.name, kind: names.kind, plural: names.plural, singular: names.singular ?? '', namespaced: spec.scope === 'Namespaced', verbs: ALL_VERBS };
  if (names.shortNames?.length) rt.shortNames = names.shortNames;
  if (names.categories?.length) rt.categories = names.categories;
  return { ...rt, ...versionExtras(version) };
}

function invalidCustom(rt: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const text = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${rt.kind}.${rt.group} "${name}" is invalid: ${text}`, { name, group: rt.group, kind: rt.kind, causes });
}

/** Serves the custom resources of one cluster's CustomResourceDefinitions. */
export class CustomResources {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly installed = new Map<string, ResourceType[]>();

  constructor(private readonly service: ResourceService) {
    service.admission.register({ name: 'CustomResourceDefinitions', admit: (attrs) => this.admit(attrs) });
    service.schemaOf = (rt) => this.schemas.get(schemaKey(rt));
    service.store.subscribe((event) => this.onEvent(event));
  }

  /** The OpenAPI v3 document of a custom resource group-version path ("apis/<group>/<version>"), or undefined. */
  openApiV3(gvPath: string): Buffer | undefined {
    const schemas = this.installedTypes()
      .filter((rt) => `apis/${rt.group}/${rt.version}` === gvPath)
      .flatMap((rt) => {
        const schema = this.schemas.get(schemaKey(rt));
        return schema ? [{ rt, schema }] : [];
      });
    return schemas.length > 0 ? Buffer.from(JSON.stringify(customOpenApiDocument(schemas))) : undefined;
  }

  private installedTypes(): ResourceType[] {
    return [...this.installed.values()].flat();
  }

  private admit(attrs: AdmissionAttributes): void {
    if (typeKey(attrs.rt) === CRD_TYPE_KEY) return this.admitDefinition(attrs);
    const schema = this.schemas.get(schemaKey(attrs.rt));
    if (!schema) return;
    const causes = admitCustomObject(schema, attrs.object);
    if (causes.length > 0) throw invalidCustom(attrs.rt, attrs.object.metadata.name ?? '', causes);
  }

  private admitDefinition({ object, operation, subresource }: AdmissionAttributes): void {
    if (subresource === 'status') return;
    const causes = specCauses(object);
    if (causes.length === 0) causes.push(...this.builtinGroupCauses(specOf(object).group ?? ''));
    if (causes.length > 0) throw invalid(this.service.resolve(CRD_TYPE_KEY), object.metadata.name ?? '', causes);
    const previous = (operation === 'CREATE' ? {} : (object.status ?? {})) as CrdStatus;
    object.status = definitionStatus(specOf(object) as CrdSpec, previous, this.service.now());
  }

  /** A CRD may not add to (or shadow) a group the server serves itself. */
  private builtinGroupCauses(group: string): StatusCause[] {
    const fromCrds = new Set(this.installedTypes());
    if (!this.service.types.some((rt) => rt.group === group && !fromCrds.has(rt))) return [];
    return [{ reason: 'FieldValueInvalid', field: 'spec.group', message: `Invalid value: "${group}": is served by the API server itself` }];
  }

  private onEvent(event: StoreEvent): void {
    if (event.typeKey !== CRD_TYPE_KEY) return;
    const name = event.object.metadata.name ?? '';
    if (event.type === 'DELETED') this.uninstall(name, true);
    else this.install(name, specOf(event.object) as CrdSpec);
  }

  private install(name: string, spec: CrdSpec): void {
    this.uninstall(name, false);
    // the storage version last, so lookups by plural.group resolve to it
    const versions = [...spec.versions].filter((v) => v.served).sort((a, b) => Number(a.storage) - Number(b.storage));
    const types = versions.map((version) => {
      const rt = typeOf(spec, version);
      const schema = version.schema?.openAPIV3Schema;
      if (schema) this.schemas.set(schemaKey(rt), schema);
      this.service.addType(rt);
      return rt;
    });
    this.installed.set(name, types);
  }

  private uninstall(name: string, removeObjects: boolean): void {
    const types = this.installed.get(name) ?? [];
    if (removeObjects && types[0]) {
      for (const obj of this.service.store.list(types[0])) this.service.store.remove(types[0], obj);
    }
    for (const rt of types) {
      this.schemas.delete(schemaKey(rt));
      this.service.removeType(rt);
    }
    this.installed.delete(name);
  }
}
