// The kubelets of every node: bound pods go Pending → ContainerCreating → Running; pods whose node
// is gone are removed. The kubelets follow pod and node changes, so a pass looks only at the pods
// that have a step to take, not at every pod of the cluster.
import type { KubeObject, SimApiServer, StoreEvent } from '../apiserver/api-handler';
import { isoNow } from './object.util';
import { PodNetwork } from './pod-network';
import { creatingStatus, runningStatus, type PodPlacement } from './pod-status.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';
import { isTerminal, podSpec } from './resource-math.util';

/** Delays of a pod's start. */
export interface KubeletOptions {
  /** From bound to ContainerCreating. Default 0. */
  createDelayMs?: number;
  /** From ContainerCreating to Running. Default 1000. */
  startDelayMs?: number;
  /** The simulated clock (epoch ms); default the wall clock. */
  now?: () => number;
  /** Whether a node's kubelet is down (its pods are left as they are). */
  isNodeDown?: (nodeName: string) => boolean;
}

type PodStage = 'bound' | 'creating' | 'other';

function stageOf(pod: KubeObject): PodStage {
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: unknown[] };
  if (!podSpec(pod).nodeName || pod.metadata.deletionTimestamp || isTerminal(pod) || status.phase !== 'Pending') return 'other';
  return status.containerStatuses ? 'creating' : 'bound';
}

function hostIpOf(node: KubeObject): string {
  const addresses = (node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
}

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

/** Which pods have a step to take, and which may have lost their node, from the changes seen. */
class KubeletIndex {
  readonly network = new PodNetwork();
  /** Pods bound and not yet Running (bound or ContainerCreating), by namespace/name. */
  readonly starting = new Set<string>();
  /** Pods whose node was missing when last seen. */
  readonly orphans = new Set<string>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly nodes = new Set<string>();

  observe(event: StoreEvent): void {
    if (event.typeKey === 'nodes') this.observeNode(event);
    else this.observePod(event);
  }

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  private observeNode(event: StoreEvent): void {
    const name = event.object.metadata.name ?? '';
    if (event.type !== 'DELETED') return void this.nodes.add(name);
    this.nodes.delete(name);
    for (const key of this.podsByNode.get(name) ?? []) this.orphans.add(key);
  }

  private observePod(event: StoreEvent): void {
    this.network.observe(event);
    const key = keyOf(event.object);
    const before = event.type === 'ADDED' ? undefined : podSpec(event.previous ?? event.object).nodeName;
    const after = event.type === 'DELETED' ? undefined : podSpec(event.object).nodeName;
    if (before !== after) this.moveOnNode(key, before, after);
    if (event.type === 'DELETED') {
      this.starting.delete(key);
      this.orphans.delete(key);
      return;
    }
    if (stageOf(event.object) === 'other') this.starting.delete(key);
    else this.starting.add(key);
    if (after && !this.nodes.has(after)) this.orphans.add(key);
  }

  private moveOnNode(key: string, before: string | undefined, after: string | undefined): void {
    if (before) this.podsByNode.get(before)?.delete(key);
    if (!after) return;
    let pods = this.podsByNode.get(after);
    if (!pods) this.podsByNode.set(after, (pods = new Set()));
    pods.add(key);
  }
}

const splitKey = (key: string) => {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
};

/** The kubelet of every node of the cluster. */
export function kubeletController(api: SimApiServer, options: KubeletOptions = {}): ControllerSpec {
  const index = new KubeletIndex();
  const due = new Map<string, number>();
  const now = options.now ?? Date.now;
  const { createDelayMs = 0, startDelayMs = 1000 } = options;
  const waitOrAct = (pod: KubeObject, delay: number, control: LoopControl): boolean => {
    const key = `${pod.metadata.uid}/${stageOf(pod)}`;
    if (!due.has(key)) due.set(key, now() + delay);
    const left = (due.get(key) ?? 0) - now();
    if (left > 0) control.requeueAfter(left);
    else due.delete(key);
    return left <= 0;
  };
  // a down node's kubelet does nothing for its pods
  const liveNode = (nodeName: string) => (options.isNodeDown?.(nodeName) ? undefined : api.peek('nodes', undefined, nodeName));
  const step = (pod: KubeObject, control: LoopControl) => {
    const stage = stageOf(pod);
    const node = liveNode(podSpec(pod).nodeName ?? '');
    if (stage === 'other' || !node) return;
    if (!waitOrAct(pod, stage === 'bound' ? createDelayMs : startDelayMs, control)) return;
    const at: PodPlacement = { hostIP: hostIpOf(node), podIP: index.network.ip(node.metadata.name ?? ''), now: isoNow(api) };
    const statusOf = stage === 'bound' ? creatingStatus : runningStatus;
    api.updateStatus({ ...pod, status: statusOf(pod, at) });
  };
  const removeOrphans = () => {
    for (const key of [...index.orphans].sort()) {
      index.orphans.delete(key);
      const { namespace, name } = splitKey(key);
      const nodeName = podSpec(api.peek('pods', namespace, name) ?? { metadata: {} }).nodeName;
      if (nodeName && !index.hasNode(nodeName)) api.delete('pods', namespace, name);
    }
  };
  return {
    name: 'kubelet',
    watches: ['pods', 'nodes'],
    observe: (event) => index.observe(event),
    reconcile: (control) => {
      removeOrphans();
      // in namespace/name order, as the addresses are handed out
      for (const key of [...index.starting].sort()) {
        const { namespace, name } = splitKey(key);
        const pod = api.peek('pods', namespace, name);
        if (pod) step(pod, control);
      }
    },
  };
}
