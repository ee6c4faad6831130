// Names and small helpers of node lifecycle: the taints kube-controller-manager puts on unhealthy
// nodes, the conditions a kubelet posts, and the marks of a node the simulator gave up on.
import type { KubeObject } from '../apiserver/api-handler';
import { conditionOf, type Condition } from './object.util';

/** A node taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

/** A pod toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Node lifecycle settings (kube-controller-manager flags and the simulator's recovery). */
export interface NodeLifecycleSettings {
  /** node-monitor-grace-period: a node silent this long goes Ready=Unknown. */
  gracePeriodMs: number;
  /** Time from an outage's detection to the first recovery attempt, and between attempts. */
  recoveryIntervalMs: number;
  /** Failed recovery attempts after which a node is marked permanently failed. */
  maxRecoveryAttempts: number;
  /** tolerationSeconds of the not-ready/unreachable tolerations DefaultTolerationSeconds adds. */
  defaultTolerationSeconds: number;
}

/** Taint of a node whose kubelet stopped posting status (Ready=Unknown). */
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
/** Taint of a node whose kubelet reports Ready=False. */
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
/** Taint of a node that did not come back after every recovery attempt (simulator's own). */
export const PERMANENTLY_FAILED_TAINT_KEY = 'flotilla.dev/permanently-failed';
/** Label of a node that was given up on: `flotilla.dev/node-state=failed`. */
export const NODE_STATE_LABEL = 'flotilla.dev/node-state';
/** Node condition type of a node that was given up on. */
export const PERMANENTLY_FAILED_CONDITION = 'PermanentlyFailed';
/** Annotation counting the recovery attempts of the current outage. */
export const RECOVERY_ATTEMPTS_ANNOTATION = 'flotilla.dev/recovery-attempts';

/** Component names as they appear in Events' source. */
export const NODE_CONTROLLER = 'node-controller';
export const KUBELET = 'kubelet';

/** The kubelet's node conditions when healthy: type → [status, reason, message]. */
const KUBELET_CONDITIONS: Record<string, [string, string, string]> = {
  Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
  MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
};

/** The node's spec.taints. */
export function taintsOf(node: KubeObject): Taint[] {
  return (node.spec as { taints?: Taint[] } | undefined)?.taints ?? [];
}

/** The Ready condition's status ("True", "False", "Unknown"), or undefined for a node without one. */
export function readyStatus(node: KubeObject): string | undefined {
  return conditionOf(node, 'Ready')?.status;
}

/** Whether the node was marked permanently failed. */
export function isPermanentlyFailed(node: KubeObject): boolean {
  return node.metadata.labels?.[NODE_STATE_LABEL] === 'failed';
}

/**
 * Conditions as a running kubelet posts them at a heartbeat: its own condition types reset to the
 * healthy values (so a node that was Unknown is Ready again), lastHeartbeatTime = now, and
 * lastTransitionTime moved only where the status changes.
 */
export function kubeletConditions(conditions: Condition[] | undefined, now: string): Condition[] {
  return (conditions ?? []).map((condition) => {
    const healthy = KUBELET_CONDITIONS[condition.type];
    if (!healthy) return { ...condition, lastHeartbeatTime: now };
    const [status, reason, message] = healthy;
    const lastTransitionTime = condition.status === status ? condition.lastTransitionTime : now;
    return { ...condition, status, reason, message, lastHeartbeatTime: now, lastTransitionTime };
  });
}

/** The kubelet-owned conditions set to Unknown as the node lifecycle controller does, heartbeats kept. */
export function unknownConditions(conditions: Condition[] | undefined, now: string): Condition[] {
  return (conditions ?? []).map((condition) => {
    if (!KUBELET_CONDITIONS[condition.type] || condition.status === 'Unknown') return condition;
    return { ...condition, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now };
  });
}

/** Whether `toleration` tolerates `taint` (key, operator Equal/Exists, value, effect). */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** Taints with `wanted` present (existing entries and their timeAdded kept) and the keys in `removed` gone. */
export function withTaints(current: Taint[], wanted: Taint[], removed: string[]): Taint[] {
  const keep = current.filter((taint) => !removed.includes(taint.key) || wanted.some((w) => w.key === taint.key && w.effect === taint.effect));
  const missing = wanted.filter((w) => !keep.some((taint) => taint.key === w.key && taint.effect === w.effect));
  return [...keep, ...missing];
}

/** Whether two taint lists hold the same key/effect pairs. */
export function sameTaints(a: Taint[], b: Taint[]): boolean {
  const key = (list: Taint[]) => list.map((t) => `${t.key}:${t.effect}`).sort().join(',');
  return key(a) === key(b);
}
