// Node heartbeats as kubelets send them: a Lease per node in kube-node-lease renewed every interval,
// and the Ready condition's lastHeartbeatTime refreshed.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { kubeletConditions } from './node-lifecycle.util';
import { isoNow, type Condition } from './object.util';
import type { ControllerSpec } from './reconcile-loop';

const LEASE_NS = 'kube-node-lease';

const microTime = (date: Date) => date.toISOString().replace(/Z$/, '000Z');

/** Renews (or creates) the node's Lease in kube-node-lease, as its kubelet does. */
export function renewLease(api: SimApiServer, node: KubeObject): void {
  const name = node.metadata.name ?? '';
  const renewTime = microTime(api.now());
  const lease = api.get('leases.coordination.k8s.io', LEASE_NS, name);
  if (lease) {
    api.update({ ...lease, spec: { ...(lease.spec as object), renewTime } });
    return;
  }
  const owner = { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' };
  api.create({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: LEASE_NS, ownerReferences: [owner] },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
  });
}

function beatNodeStatus(api: SimApiServer, node: KubeObject): void {
  const status = (node.status ?? {}) as { conditions?: Condition[] };
  const now = isoNow(api);
  const conditions = kubeletConditions(status.conditions, now);
  if (conditions.length) api.updateStatus({ ...node, status: { ...status, conditions } });
}

/** What the heartbeats ask of the simulation: its clock, and which kubelets are down (they stay silent). */
export interface HeartbeatAgents {
  now?: () => number;
  isDown?: (nodeName: string) => boolean;
}

/**
 * Renews every node's Lease and status heartbeat each `intervalMs` (default 10 s), except down nodes'.
 * Each node keeps its own phase, from when it was first seen, as each kubelet has its own timer: the
 * beats of 5,000 nodes are spread over the interval instead of 10,000 writes at once.
 */
export function nodeHeartbeatController(api: SimApiServer, intervalMs = 10_000, agents: HeartbeatAgents = {}): ControllerSpec {
  const now = agents.now ?? Date.now;
  /** node → when its next status heartbeat is due */
  const nextBeat = new Map<string, number>();
  let started = false;
  const beat = (node: KubeObject, at: number) => {
    const name = node.metadata.name ?? '';
    const due = nextBeat.get(name);
    // a node seen for the first time gets its Lease at once; its status beat comes with the next interval (at start-up, at once)
    if (due !== undefined && at < due) return due;
    renewLease(api, node);
    if (due !== undefined || !started) beatNodeStatus(api, node);
    nextBeat.set(name, at + intervalMs);
    return at + intervalMs;
  };
  return {
    name: 'node-heartbeat',
    watches: ['nodes'],
    reconcile: (control) => {
      const at = now();
      let earliest = Infinity;
      for (const node of api.scan('nodes')) if (!agents.isDown?.(node.metadata.name ?? '')) earliest = Math.min(earliest, beat(node, at));
      started = true;
      if (earliest < Infinity) control.requeueAfter(Math.max(0, earliest - at));
      else control.requeueAfter(intervalMs);
    },
  };
}
