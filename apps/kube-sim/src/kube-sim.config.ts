import { IsBoolean, IsInt, IsNumber, IsString, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsPort, Sensitive } from '@flotilla/common';

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/** Configuration of the Kubernetes API simulator. */
export class KubeSimConfig {
  @IsString()
  KUBE_SIM_HOST: string = '127.0.0.1';

  @IsPort()
  KUBE_SIM_PORT: number = 6443;

  /** Where the simulator keeps its CA, tokens and kubeconfigs between starts. */
  @IsString()
  KUBE_SIM_DATA_DIR: string = '.flotilla/kube-sim';

  /**
   * Host name or IP written into kubeconfigs and added to the serving certificate (e.g. `kube-sim`
   * under Compose or Kubernetes). Empty: the listen host (127.0.0.1 when it listens on all).
   */
  @IsString()
  KUBE_SIM_ADVERTISE_HOST: string = '';

  /** Bearer token of the /_sim/ control API. Empty: generated once and kept in the data directory. */
  @IsString()
  @Sensitive()
  KUBE_SIM_ADMIN_TOKEN: string = '';

  /** Create the `default` cluster (vanilla, 3 nodes) at start. */
  @Transform(({ obj, key }) => BOOLEANS[String(obj[key]).toLowerCase()] ?? obj[key])
  @IsBoolean()
  KUBE_SIM_DEFAULT_CLUSTER: boolean = true;

  /** Seed of the simulated usage metrics.k8s.io reports: the same seed, pod uid and time give the same usage. */
  @IsString()
  KUBE_SIM_USAGE_SEED: string = 'kube-sim';

  /** Lowest simulated usage as a fraction of a container's requests. */
  @IsNumber()
  @Min(0)
  @Max(1)
  KUBE_SIM_USAGE_MIN: number = 0.2;

  /** Highest simulated usage as a fraction of a container's requests (at least KUBE_SIM_USAGE_MIN). */
  @IsNumber()
  @Min(0)
  @Max(1)
  KUBE_SIM_USAGE_MAX: number = 0.9;

  /** How long a pod stays ContainerCreating before the simulated kubelet reports it Running. */
  @IsInt()
  @Min(0)
  KUBE_SIM_KUBELET_START_DELAY_MS: number = 1000;

  /** Interval of node Lease renewals and node status heartbeats. */
  @IsInt()
  @Min(1)
  KUBE_SIM_HEARTBEAT_INTERVAL_MS: number = 10_000;

  /** Simulated seconds per wall-clock second of new clusters' controllers (1 = real time; tests use more). */
  @IsNumber()
  @Min(0.001)
  @Max(10_000)
  KUBE_SIM_TIME_SCALE: number = 1;

  /** node-monitor-grace-period: a node silent this long (simulated ms) goes Ready=Unknown. */
  @IsInt()
  @Min(1)
  KUBE_SIM_NODE_GRACE_PERIOD_MS: number = 40_000;

  /** Simulated ms from a node outage's detection to the first recovery attempt, and between attempts. */
  @IsInt()
  @Min(1)
  KUBE_SIM_NODE_RECOVERY_INTERVAL_MS: number = 120_000;

  /** Failed recovery attempts after which a node is marked permanently failed. */
  @IsInt()
  @Min(1)
  KUBE_SIM_NODE_RECOVERY_ATTEMPTS: number = 3;

  /** tolerationSeconds of the not-ready/unreachable tolerations added to new pods (DefaultTolerationSeconds). */
  @IsInt()
  @Min(0)
  KUBE_SIM_DEFAULT_TOLERATION_SECONDS: number = 300;

  /** Install the operators (KubeVirt, CloudNativePG, Strimzi, Kubeflow Notebooks, Cluster API) and their CRDs in every cluster. */
  @Transform(({ obj, key }) => BOOLEANS[String(obj[key]).toLowerCase()] ?? obj[key])
  @IsBoolean()
  KUBE_SIM_OPERATORS: boolean = true;

  /** One step of the operators' outside work: a VM's guest booting or shutting down, Cluster API provisioning. */
  @IsInt()
  @Min(0)
  KUBE_SIM_OPERATOR_STEP_MS: number = 2000;
}
