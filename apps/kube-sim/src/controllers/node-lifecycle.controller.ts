// The node lifecycle controller of kube-controller-manager: watches each node's Lease and status
// heartbeats; a node silent for the grace period goes Ready=Unknown ("Kubelet stopped posting node
// status."), its pods are marked not ready, and it gets the unreachable NoSchedule and NoExecute
// taints (the taint eviction controller then evicts what does not tolerate them). A node Ready again
// loses those taints.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, recordEvent, withCondition, type Condition } from './object.util';
import {
  KUBELET,
  NODE_CONTROLLER,
  NOT_READY_TAINT_KEY,
  readyStatus,
  sameTaints,
  taintsOf,
  UNREACHABLE_TAINT_KEY,
  unknownConditions,
  withTaints,
  type NodeLifecycleSettings,
  type Taint,
} from './node-lifecycle.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';
import { podSpec } from './resource-math.util';

const LEASE_NS = 'kube-node-lease';
/** node-monitor-period: how often a node past its grace period is looked at again. */
const MONITOR_PERIOD_MS = 5_000;

/** What the controller last saw of a node's heartbeats, on its own clock (as upstream's nodeHealthMap). */
interface NodeHealth {
  probeAt: number;
  renewTime?: string;
  heartbeat?: string;
  ready?: string;
}

function heartbeatOf(node: KubeObject): string | undefined {
  const ready = ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
  return ready?.lastHeartbeatTime as string | undefined;
}

function renewTimeOf(lease: KubeObject | undefined): string | undefined {
  return (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
}

/** The taints a node's Ready condition calls for, as kube-controller-manager sets them. */
function wantedTaints(ready: string | undefined, now: string): { wanted: Taint[]; removed: string[] } {
  const removed = [UNREACHABLE_TAINT_KEY, NOT_READY_TAINT_KEY];
  const key = ready === 'Unknown' ? UNREACHABLE_TAINT_KEY : ready === 'False' ? NOT_READY_TAINT_KEY : undefined;
  if (!key) return { wanted: [], removed };
  return { wanted: [{ key, effect: 'NoSchedule' }, { key, effect: 'NoExecute', timeAdded: now }], removed };
}

function markPodsNotReady(api: SimApiServer, nodeName: string): void {
  for (const pod of api.scan('pods').filter((p) => podSpec(p).nodeName === nodeName && !p.metadata.deletionTimestamp)) {
    const status = (pod.status ?? {}) as { conditions?: Condition[] };
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    api.updateStatus({ ...pod, status: { ...status, conditions: withCondition(status.conditions, { ...ready, status: 'False', lastTransitionTime: isoNow(api) }) } });
    recordEvent(api, pod, { reason: 'NodeNotReady', message: 'Node is not ready', type: 'Warning', component: NODE_CONTROLLER });
  }
}

/** Conditions Unknown; a node that never posted a Ready condition gets one, as upstream writes it. */
function silentConditions(conditions: Condition[] | undefined, now: string): Condition[] {
  const next = unknownConditions(conditions, now);
  if (next.some((c) => c.type === 'Ready')) return next;
  return [...next, { type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: now, lastTransitionTime: now }];
}

function markUnknown(api: SimApiServer, node: KubeObject): KubeObject {
  const status = (node.status ?? {}) as { conditions?: Condition[] };
  const updated = api.updateStatus({ ...node, status: { ...status, conditions: silentConditions(status.conditions, isoNow(api)) } });
  const name = updated.metadata.name ?? '';
  recordEvent(api, updated, { reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady`, type: 'Normal', component: NODE_CONTROLLER });
  markPodsNotReady(api, name);
  return updated;
}

function syncTaints(api: SimApiServer, node: KubeObject): void {
  const { wanted, removed } = wantedTaints(readyStatus(node), isoNow(api));
  const current = taintsOf(node);
  const next = withTaints(current, wanted, removed);
  if (sameTaints(current, next)) return;
  const spec = { ...(node.spec as object), taints: next };
  if (next.length === 0) delete (spec as { taints?: Taint[] }).taints;
  api.update({ ...node, spec });
}

/** What the controller reads of the simulation. */
export interface NodeMonitorAgents {
  /** The simulated clock (epoch ms). */
  now: () => number;
  /**
   * Whether the node's simulated kubelet is down. A node whose kubelet runs is never declared
   * silent: at a high time scale the simulator's own lag would otherwise pass for a missed heartbeat.
   */
  isDown?: (nodeName: string) => boolean;
}

/**
 * The node lifecycle controller (monitor, NoSchedule/NoExecute tainting, pods marked not ready).
 * `settings` is read at every pass (the control API may change it).
 */
export function nodeLifecycleController(api: SimApiServer, settings: Pick<NodeLifecycleSettings, 'gracePeriodMs'>, agents: NodeMonitorAgents): ControllerSpec {
  const now = agents.now;
  const silent = (name: string) => agents.isDown?.(name) ?? true;
  const health = new Map<string, NodeHealth>();

  const observe = (node: KubeObject, lease: KubeObject | undefined, now: number): NodeHealth => {
    const name = node.metadata.name ?? '';
    const seen = health.get(name) ?? { probeAt: now };
    const renewTime = renewTimeOf(lease);
    const heartbeat = heartbeatOf(node);
    if (!health.has(name) || renewTime !== seen.renewTime || heartbeat !== seen.heartbeat) Object.assign(seen, { probeAt: now, renewTime, heartbeat });
    health.set(name, seen);
    return seen;
  };

  /** The kubelet posts NodeReady when it is back; seen here as the Ready condition turning True again. */
  const announceReady = (node: KubeObject, seen: NodeHealth): void => {
    const ready = readyStatus(node);
    if (ready === 'True' && seen.ready !== undefined && seen.ready !== 'True') {
      recordEvent(api, node, { reason: 'NodeReady', message: `Node ${node.metadata.name} status is now: NodeReady`, type: 'Normal', component: KUBELET });
    }
    seen.ready = ready;
  };

  const monitor = (node: KubeObject, lease: KubeObject | undefined, control: LoopControl): void => {
    const at = now();
    const seen = observe(node, lease, at);
    const left = settings.gracePeriodMs - (at - seen.probeAt);
    const unknown = readyStatus(node) === 'Unknown';
    let current = node;
    if (!unknown && left <= 0 && silent(node.metadata.name ?? '')) current = markUnknown(api, node);
    else if (!unknown) control.requeueAfter(left > 0 ? left : MONITOR_PERIOD_MS);
    announceReady(current, seen);
    syncTaints(api, current);
  };

  return {
    name: 'node-lifecycle-controller',
    watches: ['nodes', 'leases.coordination.k8s.io'],
    reconcile: (control) => {
      const leases = new Map(api.scan('leases.coordination.k8s.io', LEASE_NS).map((lease) => [lease.metadata.name ?? '', lease]));
      const nodes = api.scan('nodes').filter((node) => !node.metadata.deletionTimestamp);
      const names = new Set(nodes.map((node) => node.metadata.name ?? ''));
      for (const name of health.keys()) if (!names.has(name)) health.delete(name);
      for (const node of nodes) monitor(node, leases.get(node.metadata.name ?? ''), control);
    },
  };
}
