// The cluster API factory the simulator uses, configured from KubeSimConfig: usage simulation of
// metrics.k8s.io, the controllers' timings, time scale and node lifecycle settings.
import type { KubeSimConfig } from '../kube-sim.config';
import { SimApiServer } from '../apiserver/api-handler';
import type { SimulationOptions } from '../controllers/cluster-simulation';
import { operatorsFor } from '../operators/install-operators';
import { ControlledSimApiServer, type ClusterApiFactory } from './cluster-api';

/** The config variables the cluster API reads. */
export type ClusterApiConfig = Pick<
  KubeSimConfig,
  | 'KUBE_SIM_USAGE_SEED'
  | 'KUBE_SIM_USAGE_MIN'
  | 'KUBE_SIM_USAGE_MAX'
  | 'KUBE_SIM_KUBELET_START_DELAY_MS'
  | 'KUBE_SIM_HEARTBEAT_INTERVAL_MS'
  | 'KUBE_SIM_TIME_SCALE'
  | 'KUBE_SIM_NODE_GRACE_PERIOD_MS'
  | 'KUBE_SIM_NODE_RECOVERY_INTERVAL_MS'
  | 'KUBE_SIM_NODE_RECOVERY_ATTEMPTS'
  | 'KUBE_SIM_DEFAULT_TOLERATION_SECONDS'
  | 'KUBE_SIM_OPERATORS'
  | 'KUBE_SIM_OPERATOR_STEP_MS'
>;

/** A cluster's simulation: the config's defaults, overridden by what its creation asked for. */
function simulationFor(config: ClusterApiConfig, asked: SimulationOptions = {}): SimulationOptions {
  const defaults = {
    gracePeriodMs: config.KUBE_SIM_NODE_GRACE_PERIOD_MS,
    recoveryIntervalMs: config.KUBE_SIM_NODE_RECOVERY_INTERVAL_MS,
    maxRecoveryAttempts: config.KUBE_SIM_NODE_RECOVERY_ATTEMPTS,
    defaultTolerationSeconds: config.KUBE_SIM_DEFAULT_TOLERATION_SECONDS,
  };
  return { timeScale: asked.timeScale ?? config.KUBE_SIM_TIME_SCALE, nodeLifecycle: { ...defaults, ...asked.nodeLifecycle } };
}

/** Thrown at start for settings that are valid one by one but not together. */
export class ClusterApiConfigError extends Error {}

/** A factory of clusters whose usage and controller timings follow the config; throws when min > max. */
export function clusterApiFactoryFor(config: ClusterApiConfig): ClusterApiFactory {
  if (config.KUBE_SIM_USAGE_MIN > config.KUBE_SIM_USAGE_MAX) {
    throw new ClusterApiConfigError(`KUBE_SIM_USAGE_MIN (${config.KUBE_SIM_USAGE_MIN}) must not exceed KUBE_SIM_USAGE_MAX (${config.KUBE_SIM_USAGE_MAX})`);
  }
  const usage = { seed: config.KUBE_SIM_USAGE_SEED, minFraction: config.KUBE_SIM_USAGE_MIN, maxFraction: config.KUBE_SIM_USAGE_MAX };
  const operators = operatorsFor(config);
  const controllers = {
    kubelet: { startDelayMs: config.KUBE_SIM_KUBELET_START_DELAY_MS },
    heartbeatIntervalMs: config.KUBE_SIM_HEARTBEAT_INTERVAL_MS,
    extra: operators.controllers,
  };
  return (options) => {
    if (options.simulation?.controllers === false) return new SimApiServer({ ...options, usage });
    return operators.install(new ControlledSimApiServer({ ...options, usage, simulation: simulationFor(config, options.simulation) }, controllers));
  };
}
