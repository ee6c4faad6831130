// Starts the control plane of one simulated cluster on its in-process API server.
import type { SimApiServer } from '../apiserver/api-handler';
import { limitRanger } from '../admission/limit-ranger';
import { quotaStatusController } from '../admission/quota-status.controller';
import { resourceQuotaAdmission } from '../admission/resource-quota';
import { deploymentController } from './deployment.controller';
import { kubeletController, type KubeletOptions } from './kubelet';
import { nodeHeartbeatController } from './node-heartbeat.controller';
import { ReconcileLoop, type ControllerSpec } from './reconcile-loop';
import { replicaSetController } from './replicaset.controller';
import { schedulerController } from './scheduler';
import { statefulSetController } from './statefulset.controller';
import { realTimers, type SimTimers } from './timers';

/** Options of a cluster's controllers. */
export interface ControllerOptions {
  timers?: SimTimers;
  kubelet?: KubeletOptions;
  /** Interval of node Lease renewals and status heartbeats. Default 10 s. */
  heartbeatIntervalMs?: number;
  /** Called with errors a reconcile could not handle (they are retried). */
  onError?: (controller: string, error: unknown) => void;
  /** Extra controllers to run beside the built-in ones. */
  extra?: ((api: SimApiServer) => ControllerSpec)[];
}

/**
 * Starts the control plane of a cluster: LimitRanger and ResourceQuota admission, scheduler,
 * kubelets, node heartbeats, workload and quota controllers. Returns the function that stops them all.
 */
export function startControllers(api: SimApiServer, options: ControllerOptions = {}): () => void {
  const timers = options.timers ?? realTimers;
  const plugins = [limitRanger(api), resourceQuotaAdmission(api)].map((plugin) => api.registerAdmission(plugin));
  const specs: ControllerSpec[] = [
    schedulerController(api),
    kubeletController(api, options.kubelet),
    replicaSetController(api),
    deploymentController(api),
    statefulSetController(api),
    quotaStatusController(api),
    nodeHeartbeatController(api, options.heartbeatIntervalMs),
    ...(options.extra ?? []).map((make) => make(api)),
  ];
  const loops = specs.map((spec) => new ReconcileLoop(api, spec, timers, options.onError));
  return () => {
    loops.forEach((loop) => loop.stop());
    plugins.forEach((unregister) => unregister());
  };
}
