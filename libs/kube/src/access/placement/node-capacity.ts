// Live capacity of a cluster's nodes: allocatable, what bound unfinished pods request, what is left.
import type { NodeCapacityDto, NodeTaintDto } from '@flotilla/contracts';
import type { ClusterAccess } from '../cluster-access';
import { DEFAULT_KUBE_TIMEOUT_MS, kubeConfigForAccess, type KubeCallOptions } from '../kube-config.factory';
import { listAll } from '../list-all';
import { blockingTaints, ONE_POD, UNSCHEDULABLE_TAINT } from './node-fit';
import { podEffectiveRequests, type PodResources } from './pod-requests';
import { addAmounts, amountsOf, formatAmounts, subtractAmounts, type ResourceAmounts } from './resource-amounts';

interface NodeItem {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status?: { capacity?: Record<string, string>; allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
}

interface PodItem {
  spec?: PodResources & { nodeName?: string };
  status?: { phase?: string };
}

/** Pods that still hold their node's resources (what `kubectl describe node` counts). */
const UNFINISHED = 'fieldSelector=status.phase!%3DSucceeded,status.phase!%3DFailed';

function taintsOf(node: NodeItem): NodeTaintDto[] {
  const taints = (node.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? null, effect: t.effect }));
  // a cordoned node carries this taint on real clusters (TaintNodesByCondition); say so where it does not
  const cordonTaint = node.spec?.unschedulable && !taints.some((t) => t.key === UNSCHEDULABLE_TAINT.key);
  return cordonTaint ? [...taints, { key: UNSCHEDULABLE_TAINT.key, value: null, effect: UNSCHEDULABLE_TAINT.effect }] : taints;
}

function usageByNode(pods: PodItem[]): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    const phase = pod.status?.phase;
    if (!nodeName || phase === 'Succeeded' || phase === 'Failed') continue;
    const seen = usage.get(nodeName) ?? { requests: new Map(), count: 0 };
    usage.set(nodeName, { requests: addAmounts(seen.requests, podEffectiveRequests(pod.spec ?? {})), count: seen.count + 1 });
  }
  return usage;
}

type Usage = { requests: ResourceAmounts; count: number };

function isReady(node: NodeItem): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Requests of the bound pods plus one pod slot each: the scheduler counts pods as a resource. */
function allocatedOf(usage: Usage | undefined): ResourceAmounts {
  if (!usage) return new Map([['pods', 0n]]);
  return addAmounts(usage.requests, new Map([['pods', BigInt(usage.count) * ONE_POD]]));
}

function capacityOf(node: NodeItem, usage: Usage | undefined): NodeCapacityDto {
  const taints = taintsOf(node);
  const status = node.status ?? {};
  const allocated = allocatedOf(usage);
  return {
    name: node.metadata?.name ?? '',
    ready: isReady(node),
    schedulable: !node.spec?.unschedulable && blockingTaints(taints, true).length === 0,
    labels: node.metadata?.labels ?? {},
    taints,
    capacity: { ...status.capacity },
    allocatable: { ...status.allocatable },
    allocated: formatAmounts(allocated),
    available: formatAmounts(subtractAmounts(amountsOf(status.allocatable), allocated)),
    pods: usage?.count ?? 0,
  };
}

/**
 * Reads every node (paginated) and every unfinished pod (paginated, phase neither Succeeded nor
 * Failed), and reports per node: Ready, schedulable, labels, taints (a cordoned node shows the
 * node.kubernetes.io/unschedulable taint, as on real clusters), capacity, allocatable, allocated (sum
 * of bound pods' effective requests — containers and sidecars summed, at least the largest init
 * container, plus overhead — and `pods`, one per bound pod) and available (allocatable − allocated;
 * negative when overcommitted). Throws {@link KubeRequestError} when the cluster cannot be read.
 */
export async function readNodeCapacity(access: ClusterAccess, options: KubeCallOptions = {}): Promise<NodeCapacityDto[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_KUBE_TIMEOUT_MS;
  const kubeConfig = kubeConfigForAccess(access, 'cluster', options);
  const [nodes, pods] = await Promise.all([
    listAll<NodeItem>(kubeConfig, '/api/v1/nodes', timeoutMs),
    listAll<PodItem>(kubeConfig, `/api/v1/pods?${UNFINISHED}`, timeoutMs),
  ]);
  const usage = usageByNode(pods);
  return nodes.map((node) => capacityOf(node, usage.get(node.metadata?.name ?? '')));
}
