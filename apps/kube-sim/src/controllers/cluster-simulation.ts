// What the simulator does to one cluster besides serving its API: the speed of its simulated time,
// its node lifecycle settings, which kubelets are down and which pods crash-loop. The control API
// changes it; the controllers read it.
import { ApiError, type KubeObject, type SimApiServer } from '../apiserver/api-handler';
import { CrashLoopRules } from './crash-loop.rules';
import { renewLease } from './node-heartbeat.controller';
import { NodeFaults, type DownNode, type NodeDownOptions } from './node-lifecycle.faults';
import {
  kubeletConditions,
  NODE_STATE_LABEL,
  PERMANENTLY_FAILED_CONDITION,
  PERMANENTLY_FAILED_TAINT_KEY,
  RECOVERY_ATTEMPTS_ANNOTATION,
  taintsOf,
  type NodeLifecycleSettings,
} from './node-lifecycle.util';
import { isoNow, type Condition } from './object.util';
import { ScaledTimers } from './timers';

export type { NodeLifecycleSettings } from './node-lifecycle.util';

/** Upstream defaults: 40 s grace, 300 s default toleration; recovery every 2 min, 3 attempts (given up after 6 min, once default-tolerating pods were evicted). */
export const DEFAULT_NODE_LIFECYCLE: Readonly<NodeLifecycleSettings> = {
  gracePeriodMs: 40_000,
  recoveryIntervalMs: 120_000,
  maxRecoveryAttempts: 3,
  defaultTolerationSeconds: 300,
};

/** How a cluster's simulation starts. */
export interface SimulationOptions {
  /** Simulated milliseconds per wall-clock millisecond (default 1). */
  timeScale?: number;
  nodeLifecycle?: Partial<NodeLifecycleSettings>;
  /** false: the cluster is only its API machinery, without scheduler, kubelets or controllers (scale benchmarks). */
  controllers?: boolean;
}

/** The simulation state of one cluster. */
export class ClusterSimulation {
  readonly timers: ScaledTimers;
  readonly nodeFaults = new NodeFaults();
  readonly crashLoops = new CrashLoopRules();
  readonly nodeLifecycle: NodeLifecycleSettings;

  constructor(
    private readonly api: SimApiServer,
    options: SimulationOptions = {},
  ) {
    this.timers = new ScaledTimers(options.timeScale ?? 1);
    this.nodeLifecycle = { ...DEFAULT_NODE_LIFECYCLE, ...options.nodeLifecycle };
  }

  /** Simulated time (epoch ms). */
  now(): number {
    return this.timers.now();
  }

  /** Stops the node's kubelet: no more Lease renewals or status posts, its pods left alone. 404 for an unknown node. */
  nodeDown(name: string, options: NodeDownOptions = {}): DownNode {
    this.requireNode(name);
    return this.nodeFaults.markDown(name, options, this.now());
  }

  /**
   * Brings the node's kubelet back as a restarted kubelet shows itself: Lease renewed, status posted
   * (Ready=True), and the marks of a node given up on removed. 404 for an unknown node.
   */
  nodeUp(name: string): KubeObject {
    const node = this.requireNode(name);
    this.nodeFaults.markUp(name);
    renewLease(this.api, node);
    const status = (node.status ?? {}) as { conditions?: Condition[] };
    const conditions = kubeletConditions(status.conditions, isoNow(this.api)).filter((c) => c.type !== PERMANENTLY_FAILED_CONDITION);
    const posted = this.api.updateStatus({ ...node, status: { ...status, conditions } });
    return this.clearFailedMarks(posted);
  }

  /** A recovery attempt: succeeds when the node is not down, or on the attempt its outage names. */
  readonly recover = (name: string, attempt: number): boolean => {
    const down = this.nodeFaults.get(name);
    if (down && (down.recoverOnAttempt === undefined || attempt < down.recoverOnAttempt)) return false;
    if (this.api.get('nodes', undefined, name)) this.nodeUp(name);
    return true;
  };

  /** The simulation as the control API shows it. */
  describe(): Record<string, unknown> {
    return { timeScale: this.timers.scale, nodeLifecycle: this.nodeLifecycle, downNodes: this.nodeFaults.list().map((n) => n.name), crashLoops: this.crashLoops.list() };
  }

  private clearFailedMarks(node: KubeObject): KubeObject {
    const { labels = {}, annotations = {} } = node.metadata;
    const taints = taintsOf(node);
    const marked = labels[NODE_STATE_LABEL] !== undefined || annotations[RECOVERY_ATTEMPTS_ANNOTATION] !== undefined || taints.some((t) => t.key === PERMANENTLY_FAILED_TAINT_KEY);
    if (!marked) return node;
    const keptLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => key !== NODE_STATE_LABEL));
    const keptAnnotations = Object.fromEntries(Object.entries(annotations).filter(([key]) => key !== RECOVERY_ATTEMPTS_ANNOTATION));
    const kept = taints.filter((t) => t.key !== PERMANENTLY_FAILED_TAINT_KEY);
    const spec: Record<string, unknown> = { ...(node.spec as object), taints: kept };
    if (kept.length === 0) delete spec.taints;
    return this.api.update({ ...node, metadata: { ...node.metadata, labels: keptLabels, annotations: keptAnnotations }, spec });
  }

  private requireNode(name: string): KubeObject {
    const node = this.api.get('nodes', undefined, name);
    if (!node) throw new ApiError(404, 'NotFound', `nodes "${name}" not found`, { name, group: '', kind: 'nodes' });
    return node;
  }
}
