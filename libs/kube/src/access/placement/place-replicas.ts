// The fit query: where N replicas of a pod would go, placed one at a time as kube-sim's scheduler
// (and kube-scheduler's best-fit scoring) places them, each placement taking its share off the node.
import type { FitPlacementDto, FitQueryDto, FitResultDto, NodeCapacityDto } from '@flotilla/contracts';
import { isQuantity } from '../../quantity/is-quantity.decorator';
import { KubeAccessError } from '../kube-access.error';
import {
  blockingTaints,
  insufficientResources,
  ONE_POD,
  remainingScore,
  selectorMatches,
  SELECTOR_MISMATCH_REASON,
  UNSCHEDULABLE_REASON,
  UNSCHEDULABLE_TAINT,
  unschedulableMessage,
  untoleratedTaint,
  type Toleration,
} from './node-fit';
import { amountsOf, subtractAmounts, type ResourceAmounts } from './resource-amounts';

/** One cluster's nodes, as readNodeCapacity reads them. */
export interface ClusterNodes {
  clusterId: string;
  clusterName: string;
  nodes: NodeCapacityDto[];
}

interface Slot {
  cluster: ClusterNodes;
  node: NodeCapacityDto;
  allocatable: ResourceAmounts;
  free: ResourceAmounts;
  placed: number;
}

interface Pod {
  requests: ResourceAmounts;
  nodeSelector?: Record<string, string>;
  tolerations: Toleration[];
}

function podOf(query: FitQueryDto): Pod {
  for (const [name, value] of Object.entries(query.requests ?? {})) {
    if (!isQuantity(value)) throw new KubeAccessError(`requests.${name}`, `requests.${name} must be a Kubernetes quantity such as "500m" or "2Gi"`);
  }
  return { requests: amountsOf(query.requests), nodeSelector: query.nodeSelector, tolerations: query.tolerations ?? [] };
}

function slotOf(cluster: ClusterNodes, node: NodeCapacityDto): Slot {
  return { cluster, node, allocatable: amountsOf(node.allocatable), free: amountsOf(node.available), placed: 0 };
}

function cordoned(slot: Slot, pod: Pod): boolean {
  const taint = slot.node.taints.find((t) => t.key === UNSCHEDULABLE_TAINT.key);
  return taint !== undefined && untoleratedTaint([taint], pod.tolerations) !== undefined;
}

/** Why the pod does not fit the slot (empty when it fits), in kube-sim's scheduler's order. */
function fitFailures(slot: Slot, pod: Pod): string[] {
  if (cordoned(slot, pod)) return [UNSCHEDULABLE_REASON];
  if (!selectorMatches(pod.nodeSelector, slot.node.labels)) return [SELECTOR_MISMATCH_REASON];
  const taint = untoleratedTaint(blockingTaints(slot.node.taints, slot.node.ready), pod.tolerations);
  return taint ? [taint] : insufficientResources(pod.requests, slot.free);
}

/** The tightest fit among the slots of all clusters (first in order on a tie), or the reasons per cluster. */
function choose(slots: Slot[], pod: Pod): { slot?: Slot; failures: Map<ClusterNodes, string[][]> } {
  const failures = new Map<ClusterNodes, string[][]>();
  let best: { slot: Slot; score: number } | undefined;
  for (const slot of slots) {
    const reasons = fitFailures(slot, pod);
    if (reasons.length) {
      failures.set(slot.cluster, [...(failures.get(slot.cluster) ?? []), reasons]);
      continue;
    }
    const score = remainingScore(pod.requests, slot.allocatable, slot.free);
    if (!best || score < best.score) best = { slot, score };
  }
  return { slot: best?.slot, failures };
}

function reasonsOf(clusters: ClusterNodes[], failures: Map<ClusterNodes, string[][]>): string[] {
  if (clusters.length === 0) return ['no clusters to place on'];
  return clusters.map((cluster) => `${cluster.clusterName}: ${unschedulableMessage(cluster.nodes.length, failures.get(cluster) ?? [])}`);
}

function placementsOf(slots: Slot[]): FitPlacementDto[] {
  return slots
    .filter((slot) => slot.placed > 0)
    .map((slot) => ({ clusterId: slot.cluster.clusterId, clusterName: slot.cluster.clusterName, node: slot.node.name, replicas: slot.placed }));
}

/**
 * Places `query.replicas` (default 1) replicas of a pod with `query.requests` on the nodes of the
 * given clusters, one at a time, each on the node with the least left after it (kube-sim's and
 * kube-scheduler's best fit; the first listed on a tie), subtracting its requests and one pod slot as
 * it goes. Nodes that are cordoned, not Ready, tainted without a toleration, or whose labels miss the
 * nodeSelector are skipped. When a replica finds no node, the rest do not either: `reasons` then says
 * why per cluster, in kube-scheduler's words ("prod: 0/3 nodes are available: 2 Insufficient
 * nvidia.com/gpu, 1 node(s) had untolerated taint {dedicated: gpu}."). Throws {@link KubeAccessError}
 * naming `requests.<resource>` for a value that is not a quantity. `skippedClusters` is for the caller
 * to fill (clusters it could not read).
 */
export function placeReplicas(clusters: ClusterNodes[], query: FitQueryDto): FitResultDto {
  const pod = podOf(query);
  const replicas = query.replicas ?? 1;
  const slots = clusters.flatMap((cluster) => cluster.nodes.map((node) => slotOf(cluster, node)));
  const used = new Map([...pod.requests, ['pods', ONE_POD]]);
  let placed = 0;
  let reasons: string[] = [];
  while (placed < replicas) {
    const { slot, failures } = choose(slots, pod);
    if (!slot) {
      reasons = reasonsOf(clusters, failures);
      break;
    }
    slot.free = subtractAmounts(slot.free, used);
    slot.placed++;
    placed++;
  }
  return { fits: placed === replicas, replicas, placed, placements: placementsOf(slots), reasons, skippedClusters: [] };
}
