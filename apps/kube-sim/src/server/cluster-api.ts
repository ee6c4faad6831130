// The seam between the server shell and the API machinery (apiserver/api-handler.ts): the shell
// routes, authenticates and injects faults; everything under a cluster's Kubernetes paths that is not discovery is answered by one SimApiServer per cluster.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimApiServer, type SimApiServerOptions } from '../apiserver/api-handler';
import type { ResourceType } from '../apiserver/resource-types';
import type { KubeObject } from '../apiserver/store';
import { ClusterSimulation, type SimulationOptions } from '../controllers/cluster-simulation';
import { startControllers, type ControllerOptions } from '../controllers/start-controllers';

/** One resource type a cluster serves, and an object as the API machinery stores it. */
export type { ResourceType } from '../apiserver/resource-types';
export type { KubeObject } from '../apiserver/store';

/** What the shell needs of `SimApiServer` (apiserver/api-handler.ts). */
export interface ClusterApi {
  readonly resourceTypes: ResourceType[];
  /** Answers one request; `path` is the part after /clusters/<name>, query string included. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void>;
  create(obj: KubeObject): unknown;
  /** Writes an object's status (the status subresource); where absent, create keeps the status. */
  updateStatus?(obj: KubeObject): unknown;
  delete(type: ResourceType, namespace: string | undefined, name: string): unknown;
  /** The /openapi/v3 document of a group-version the cluster defines at run time (custom resources), if any. */
  openApiV3?(gvPath: string): Buffer | undefined;
  /** Stops what runs in the background (controllers); called when the cluster is deleted or the server stops. */
  close?(): void;
  /** Time scale, down nodes and crash loops of the cluster, where its machinery runs controllers. */
  readonly simulation?: ClusterSimulation;
  /** Drops the watch history as etcd compaction does: resuming from an older resourceVersion answers 410. */
  compactHistory?(): void;
}

/** Creates the API machinery of one cluster. */
export type ClusterApiFactory = (options: { clock?: () => Date; simulation?: SimulationOptions }) => ClusterApi;

/** A SimApiServer with its cluster's controllers (scheduler, kubelets, workloads, quota) running. */
export class ControlledSimApiServer extends SimApiServer {
  readonly simulation: ClusterSimulation;
  private readonly stopControllers: () => void;

  constructor(options: SimApiServerOptions & { simulation?: SimulationOptions } = {}, controllers: ControllerOptions = {}) {
    super(options);
    this.simulation = controllers.simulation ?? new ClusterSimulation(this, options.simulation);
    this.stopControllers = startControllers(this, { ...controllers, simulation: this.simulation });
  }

  /** Stops the controllers. */
  close(): void {
    this.stopControllers();
  }
}

/** The cluster API of the simulator: one in-memory SimApiServer with its controllers per cluster. */
export const defaultClusterApiFactory: ClusterApiFactory = (options) => new ControlledSimApiServer(options);
