import { randomUUID } from 'node:crypto';
import { AdmissionChain } from './admission';
import type { JsonSchema } from './crd-schema';
import { Deleter, type DeleteRequestOptions } from './deletion';
import { apiVersionOf, hasSubresource, typeKey, type ResourceType } from './resource-types';
import { ApiError, alreadyExists, badRequest, conflict, invalid, notFound } from './status';
import { clone, ObjectStore, type KubeObject } from './store';
import { validateObject } from './validation';

export type { KubeObject, ObjectMeta } from './store';

/** A resource type, its plural ("pods") or plural.group ("deployments.apps"). */
export type TypeRef = ResourceType | string;

/** Options of an update. */
export interface UpdateOptions {
  subresource?: string;
  dryRun?: boolean;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const IMMUTABLE_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'name', 'generation'] as const;
/** Names kube-apiserver tries for one generateName create before a 409 AlreadyExists. */
const GENERATE_NAME_ATTEMPTS = 8;
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A random 5-character suffix, from the same alphabet kube-apiserver uses for generateName. */
export function randomSuffix(): string {
  return Array.from({ length: 5 }, () => SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)]).join('');
}

function specOf(obj: KubeObject): string {
  const rest: Record<string, unknown> = { ...obj };
  delete rest.metadata;
  delete rest.status;
  delete rest.apiVersion;
  delete rest.kind;
  return JSON.stringify(rest);
}

/**
 * Object semantics over the raw store: defaults on create (uid, generateName, timestamps,
 * generation), optimistic concurrency on update, status subresource rules, and deletion (finalizers,
 * propagation, namespace cascade) through {@link Deleter}.
 */
export class ResourceService {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  /** Mutating/validating admission on create and update. */
  readonly admission = new AdmissionChain();
  /** The structural schema of a custom resource type (set by CustomResources). */
  schemaOf?: (rt: ResourceType) => JsonSchema | undefined;
  private readonly deleter: Deleter;
  private readonly byKey = new Map<string, ResourceType>();

  constructor(
    readonly types: ResourceType[],
    options: { clock: () => Date; historySize: number },
  ) {
    this.store = new ObjectStore(options.historySize);
    this.clock = options.clock;
    for (const rt of types) this.byKey.set(typeKey(rt), rt);
    this.deleter = new Deleter(this);
    for (const name of SYSTEM_NAMESPACES) this.create(this.resolve('namespaces'), { metadata: { name } });
  }

  /** The type a reference names; 404 when it is not served. */
  resolve(ref: TypeRef): ResourceType {
    if (typeof ref !== 'string') return ref;
    const found = this.byKey.get(ref);
    if (!found) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${ref}"`);
    return found;
  }

  /** Serves one more type (a custom resource's version); replaces one with the same group, version and plural. */
  addType(rt: ResourceType): void {
    const same = this.find(rt.group, rt.version, rt.plural);
    if (same) this.removeType(same);
    this.types.push(rt);
    this.byKey.set(typeKey(rt), rt);
  }

  /** Stops serving a type (its stored objects stay until removed). */
  removeType(rt: ResourceType): void {
    const index = this.types.indexOf(rt);
    if (index >= 0) this.types.splice(index, 1);
    if (this.byKey.get(typeKey(rt)) !== rt) return;
    const other = this.types.find((candidate) => typeKey(candidate) === typeKey(rt));
    if (other) this.byKey.set(typeKey(rt), other);
    else this.byKey.delete(typeKey(rt));
  }

  /** The served type at /apis/<group>/<version>/<plural>, if any. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((rt) => rt.group === group && rt.version === version && rt.plural === plural);
  }

  /** The type of an object from its apiVersion and kind; 400 when unknown. */
  typeOfObject(obj: KubeObject): ResourceType {
    const found = this.types.find((rt) => apiVersionOf(rt) === obj.apiVersion && rt.kind === obj.kind);
    if (!found) throw badRequest(`no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`);
    return found;
  }

  /** ISO timestamp of the clock, second precision as Kubernetes writes them. */
  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Creates an object with server defaults (uid, name from generateName, timestamps, generation 1). */
  create(rt: ResourceType, input: KubeObject, dryRun = false): KubeObject {
    const obj = this.prepareNew(rt, input);
    this.admission.admit({ operation: 'CREATE', rt, object: obj, dryRun });
    validateObject(rt, obj);
    if (rt.namespaced) this.assertNamespaceWritable(obj.metadata.namespace ?? 'default');
    if (this.store.get(rt, obj.metadata.namespace, obj.metadata.name ?? '')) throw alreadyExists(rt, obj.metadata.name ?? '');
    return this.store.put(rt, obj, dryRun);
  }

  /** Replaces an object or (subresource "status") only its status; 409 on a stale resourceVersion. */
  update(rt: ResourceType, input: KubeObject, options: UpdateOptions = {}): KubeObject {
    const existing = this.currentFor(rt, input);
    const next = options.subresource === 'status' ? { ...existing, status: input.status } : this.mergeForUpdate(rt, existing, input);
    this.admission.admit({ operation: 'UPDATE', rt, object: next, oldObject: existing, subresource: options.subresource, dryRun: options.dryRun ?? false });
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) return this.deleter.finalize(rt, next, options.dryRun);
    return this.store.put(rt, next, options.dryRun);
  }

  /** Deletes with finalizer and propagation semantics; returns the object as last seen. */
  delete(rt: ResourceType, namespace: string | undefined, name: string, options: DeleteRequestOptions = {}): KubeObject {
    return this.deleter.delete(rt, namespace, name, options);
  }

  private currentFor(rt: ResourceType, input: KubeObject): KubeObject {
    const name = input.metadata?.name;
    if (!name) throw invalid(rt, '', [{ reason: 'FieldValueRequired', message: 'Required value: name is required', field: 'metadata.name' }]);
    const namespace = rt.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const existing = this.store.get(rt, namespace, name);
    if (!existing) throw notFound(rt, name);
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(rt, name);
    return existing;
  }

  private prepareNew(rt: ResourceType, input: KubeObject): KubeObject {
    const obj = clone(input);
    obj.metadata = obj.metadata ?? {};
    const meta = obj.metadata;
    obj.apiVersion = apiVersionOf(rt);
    obj.kind = rt.kind;
    if (rt.namespaced) meta.namespace = meta.namespace ?? 'default';
    else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = this.generatedName(rt, meta.namespace, meta.generateName);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.now();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.resourceVersion;
    if (hasSubresource(rt, 'status')) delete obj.status;
    this.applyTypeDefaults(rt, obj);
    return obj;
  }

  /**
   * generateName plus a random suffix no stored object has. kube-apiserver (RetryGenerateName, on
   * by default since 1.31) retries a name conflict up to 8 times before answering 409; so does this.
   */
  private generatedName(rt: ResourceType, namespace: string | undefined, prefix: string): string {
    let name = `${prefix}${randomSuffix()}`;
    for (let attempt = 1; attempt < GENERATE_NAME_ATTEMPTS && this.store.get(rt, namespace, name); attempt++) name = `${prefix}${randomSuffix()}`;
    return name;
  }

  private applyTypeDefaults(rt: ResourceType, obj: KubeObject): void {
    if (rt.group !== '') return;
    if (rt.plural === 'namespaces') {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (rt.plural === 'pods') obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
  }

  private mergeForUpdate(rt: ResourceType, existing: KubeObject, input: KubeObject): KubeObject {
    const next = clone(input);
    next.apiVersion = apiVersionOf(rt);
    next.kind = rt.kind;
    next.metadata = { ...next.metadata };
    for (const field of IMMUTABLE_META) {
      if (existing.metadata[field] === undefined) delete next.metadata[field];
      else next.metadata[field] = existing.metadata[field] as never;
    }
    if (hasSubresource(rt, 'status') || rt.plural === 'namespaces') next.status = existing.status;
    if (next.status === undefined) delete next.status;
    if (specOf(existing) !== specOf(next)) next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    return next;
  }

  private assertNamespaceWritable(namespace: string): void {
    const ns = this.store.get(this.resolve('namespaces'), undefined, namespace);
    if (!ns) throw notFound(this.resolve('namespaces'), namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new ApiError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  }
}
