// The kubelets of every node: bound pods go Pending → ContainerCreating → Running; pods whose node
// is gone are removed.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow } from './object.util';
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

/** Node CIDRs (10.244.<n>.0/24, one per node in order of first sight) and the pod IPs in use. */
class PodNetwork {
  private readonly cidrIndex = new Map<string, number>();

  ip(nodeName: string, pods: KubeObject[]): string {
    if (!this.cidrIndex.has(nodeName)) this.cidrIndex.set(nodeName, this.cidrIndex.size);
    const prefix = `10.244.${this.cidrIndex.get(nodeName)}.`;
    const used = new Set(pods.map((p) => (p.status as { podIP?: string } | undefined)?.podIP).filter((ip) => ip?.startsWith(prefix)));
    for (let host = 2; host < 255; host++) if (!used.has(`${prefix}${host}`)) return `${prefix}${host}`;
    return `${prefix}254`;
  }
}

/** The kubelet of every node of the cluster. */
export function kubeletController(api: SimApiServer, options: KubeletOptions = {}): ControllerSpec {
  const network = new PodNetwork();
  const due = new Map<string, number>();
  const now = options.now ?? Date.now;
  const waitOrAct = (pod: KubeObject, delay: number, control: LoopControl): boolean => {
    const key = `${pod.metadata.uid}/${stageOf(pod)}`;
    if (!due.has(key)) due.set(key, now() + delay);
    const left = (due.get(key) ?? 0) - now();
    if (left > 0) control.requeueAfter(left);
    else due.delete(key);
    return left <= 0;
  };
  const step = (pod: KubeObject, nodes: Map<string, KubeObject>, pods: KubeObject[], control: LoopControl) => {
    const stage = stageOf(pod);
    const node = nodes.get(podSpec(pod).nodeName ?? '');
    if (stage === 'other' || !node) return;
    const delay = stage === 'bound' ? (options.createDelayMs ?? 0) : (options.startDelayMs ?? 1000);
    if (!waitOrAct(pod, delay, control)) return;
    const at: PodPlacement = { hostIP: hostIpOf(node), podIP: network.ip(node.metadata.name ?? '', pods), now: isoNow(api) };
    const status = stage === 'bound' ? creatingStatus(pod, at) : runningStatus(pod, at);
    const updated = api.updateStatus({ ...pod, status });
    pods.push(updated);
  };
  return {
    name: 'kubelet',
    watches: ['pods', 'nodes'],
    reconcile: (control) => {
      const nodes = new Map(api.list('nodes').map((node) => [node.metadata.name ?? '', node]));
      const pods = api.list('pods');
      // a down node's kubelet does nothing for its pods
      const live = new Map([...nodes].filter(([name]) => !options.isNodeDown?.(name)));
      for (const pod of pods) {
        const nodeName = podSpec(pod).nodeName;
        if (nodeName && !nodes.has(nodeName)) api.delete('pods', pod.metadata.namespace, pod.metadata.name ?? '');
        else step(pod, live, pods, control);
      }
    },
  };
}
