import type { IncomingMessage, ServerResponse } from 'node:http';
import { builtinResourceTypes, type ResourceType } from './resource-types';
import { ResourceService, type KubeObject, type TypeRef } from './resources';
import type { AdmissionPlugin } from './admission';
import { CustomResources } from './crd';
import { deploymentStrategyAdmission } from './deployment-strategy';
import { routeRequest } from './routes';
import type { StoreEvent } from './store';
import { ExtensionApis, extensionResourceTypes, type UsageOptions } from '../extensions/extension-apis';

export type { ResourceType } from './resource-types';
export type { KubeObject, ObjectMeta, TypeRef } from './resources';
export { ApiError } from './status';
export type { AdmissionAttributes, AdmissionPlugin } from './admission';
export type { StoreEvent } from './store';

/** Options of one simulated cluster's API server. */
export interface SimApiServerOptions {
  /** Time source for timestamps (tests pin it). */
  clock?: () => Date;
  /** How many change events are kept for watch resume; older versions answer 410 Gone. Default 1000. */
  historySize?: number;
  /** Interval of BOOKMARK events on watches that allow them. Default 1000 ms. */
  bookmarkIntervalMs?: number;
  /** How metrics.k8s.io simulates usage (seed, fraction of requests). */
  usage?: UsageOptions;
}

/** Options of the in-process write calls. */
export interface WriteOptions {
  dryRun?: boolean;
}

/** Options of the in-process delete call. */
export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

/**
 * The Kubernetes API machinery of one simulated cluster, all state in memory: generic CRUD, list,
 * watch, patch, deletion semantics and Table output for every resource under /api/v1 and
 * /apis/<group>/<version>. The server shell authenticates, strips the /clusters/<name> prefix and
 * serves discovery from {@link SimApiServer.resourceTypes}.
 */
export class SimApiServer {
  /** What discovery should list: a live list, shared with the machinery, that CustomResourceDefinitions add to and remove from. */
  readonly resourceTypes: ResourceType[];
  private readonly service: ResourceService;
  private readonly bookmarkIntervalMs: number;
  private readonly customResources: CustomResources;
  /** Computed and virtual APIs (metrics.k8s.io, self reviews, token requests), served before the generic routes. */
  readonly extensions: ExtensionApis;

  constructor(options: SimApiServerOptions = {}) {
    this.resourceTypes = builtinResourceTypes();
    this.service = new ResourceService(this.resourceTypes, { clock: options.clock ?? (() => new Date()), historySize: options.historySize ?? 1000 });
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;
    this.service.admission.register(deploymentStrategyAdmission);
    this.customResources = new CustomResources(this.service);
    this.extensions = new ExtensionApis(this, options.usage);
    this.resourceTypes.push(...extensionResourceTypes());
  }

  /** Serves one Kubernetes resource request; `path` has no cluster prefix and keeps its query string. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> {
    if (this.extensions.serve(req, res, path, body)) return Promise.resolve();
    return routeRequest({ service: this.service, bookmarkIntervalMs: this.bookmarkIntervalMs }, { req, res, path, body });
  }

  /** The /openapi/v3 document of a custom resource group-version ("apis/<group>/<version>"), or undefined. */
  openApiV3(gvPath: string): Buffer | undefined {
    return this.customResources.openApiV3(gvPath);
  }

  /** The server's clock (what it stamps timestamps with). */
  now(): Date {
    return this.service.clock();
  }

  /** Observes every stored change (the events watches are built from); returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.service.store.subscribe(listener);
  }

  /** Adds an admission plugin to the create/update path; returns the function that removes it. */
  registerAdmission(plugin: AdmissionPlugin): () => void {
    return this.service.admission.register(plugin);
  }

  /** The cluster's current resourceVersion. */
  get resourceVersion(): string {
    return this.service.store.currentRv();
  }

  /** Drops the watch history (etcd compaction): watches resuming from an older resourceVersion get 410 Gone. */
  compactHistory(): void {
    this.service.store.compact();
  }

  /** Creates an object (type from apiVersion/kind); throws ApiError like the HTTP API would answer. */
  create(obj: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.service.create(this.service.typeOfObject(obj), obj, options.dryRun);
  }

  /** One object, or undefined. `type` is a ResourceType, a plural ("pods") or plural.group ("deployments.apps"). */
  get(type: TypeRef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.service.store.get(this.service.resolve(type), namespace, name);
  }

  /** Objects of a type, in one namespace or all, sorted by namespace and name. */
  list(type: TypeRef, namespace?: string): KubeObject[] {
    return this.service.store.list(this.service.resolve(type), namespace);
  }

  /**
   * The stored objects of a type themselves (no copies: read them, never change them), in one
   * namespace or all, sorted by namespace and name: what controllers read, as informers share their cache.
   */
  scan(type: TypeRef, namespace?: string): readonly KubeObject[] {
    return this.service.store.scan(this.service.resolve(type), { namespace });
  }

  /** The stored object itself (no copy: never change it), or undefined. */
  peek(type: TypeRef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.service.store.peek(this.service.resolve(type), namespace, name);
  }

  /** Replaces an object (409 on a stale resourceVersion); status is kept where a status subresource exists. */
  update(obj: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.service.update(this.service.typeOfObject(obj), obj, { dryRun: options.dryRun });
  }

  /** Replaces only the status of an object (what controllers write). */
  updateStatus(obj: KubeObject, options: WriteOptions = {}): KubeObject {
    return this.service.update(this.service.typeOfObject(obj), obj, { dryRun: options.dryRun, subresource: 'status' });
  }

  /** Deletes an object with finalizer and propagation semantics; returns it as last seen. */
  delete(type: TypeRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    return this.service.delete(this.service.resolve(type), namespace, name, options);
  }
}
