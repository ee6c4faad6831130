// Starts the control plane of one simulated cluster on its in-process API server.
import type { SimApiServer } from '../apiserver/api-handler';
import { limitRanger } from '../admission/limit-ranger';
import { quotaStatusController } from '../admission/quota-status.controller';
import { resourceQuotaAdmission } from '../admission/resource-quota';
import { ClusterSimulation } from './cluster-simulation';
import { crashLoopController } from './crash-loop.controller';
import { deploymentController } from './deployment.controller';
import { kubeletController, type KubeletOptions } from './kubelet';
import { nodeHeartbeatController } from './node-heartbeat.controller';
import { nodeLifecycleController } from './node-lifecycle.controller';
import { nodeRecoveryController } from './node-lifecycle.recovery';
import { ReconcileLoop, type ControllerSpec } from './reconcile-loop';
import { replicaSetController } from './replicaset.controller';
import { schedulerController } from './scheduler';
import { statefulSetController } from './statefulset.controller';
import { taintEvictionController } from './taint-eviction.controller';
import { defaultTolerationSeconds } from './taint-eviction.admission';
import { simNow, type SimTimers } from './timers';

/** Options of a cluster's controllers. */
export interface ControllerOptions {
  /** Time of the controllers; default the simulation's (scaled) timers. */
  timers?: SimTimers;
  /** Time scale, down nodes, crash loops and node lifecycle settings; a default one when absent. */
  simulation?: ClusterSimulation;
  kubelet?: KubeletOptions;
  /** Interval of node Lease renewals and status heartbeats. Default 10 s. */
  heartbeatIntervalMs?: number;
  /** Called with errors a reconcile could not handle (they are retried). */
  onError?: (controller: string, error: unknown) => void;
  /** Extra controllers to run beside the built-in ones. */
  extra?: ((api: SimApiServer) => ControllerSpec)[];
}

/**
 * Starts the control plane of a cluster: LimitRanger, ResourceQuota and DefaultTolerationSeconds
 * admission, scheduler, kubelets, node heartbeats, node lifecycle (taints, eviction, recovery),
 * crash loops, workload and quota controllers. Returns the function that stops them all.
 */
export function startControllers(api: SimApiServer, options: ControllerOptions = {}): () => void {
  const simulation = options.simulation ?? new ClusterSimulation(api);
  const timers = options.timers ?? simulation.timers;
  const now = () => simNow(timers);
  const isNodeDown = (name: string) => simulation.nodeFaults.isDown(name);
  const lifecycle = simulation.nodeLifecycle;
  const admission = [limitRanger(api), resourceQuotaAdmission(api), defaultTolerationSeconds(() => lifecycle.defaultTolerationSeconds)];
  const plugins = admission.map((plugin) => api.registerAdmission(plugin));
  const specs: ControllerSpec[] = [
    schedulerController(api),
    kubeletController(api, { ...options.kubelet, now, isNodeDown }),
    replicaSetController(api),
    deploymentController(api),
    statefulSetController(api),
    quotaStatusController(api),
    nodeHeartbeatController(api, options.heartbeatIntervalMs, { now, isDown: isNodeDown }),
    nodeLifecycleController(api, lifecycle, { now, isDown: isNodeDown }),
    taintEvictionController(api, now),
    nodeRecoveryController(api, lifecycle, { now, attempt: simulation.recover }),
    crashLoopController(api, { rules: simulation.crashLoops, now, isNodeDown }),
    ...(options.extra ?? []).map((make) => make(api)),
  ];
  const loops = specs.map((spec) => new ReconcileLoop(api, spec, timers, options.onError));
  return () => {
    loops.forEach((loop) => loop.stop());
    plugins.forEach((unregister) => unregister());
  };
}
