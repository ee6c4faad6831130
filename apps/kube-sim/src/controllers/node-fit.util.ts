// Scheduler predicates: why a pod cannot go to a node, in the words kube-scheduler uses. The pure
// predicates and the best-fit score live in @flotilla/kube, shared with the registry's fit query.
import {
  blockingTaints,
  insufficientResources,
  remainingScore as scoreRemaining,
  selectorMatches,
  SELECTOR_MISMATCH_REASON,
  UNSCHEDULABLE_REASON,
  unschedulableMessage,
  untoleratedTaint,
  type Taint,
} from '@flotilla/kube';
import type { KubeObject } from '../apiserver/api-handler';
import { requiredAffinityMatches } from './node-affinity.util';
import { podSpec, type ResourceAmounts } from './resource-math.util';

/** A node with what is still free on it. */
export interface NodeSlot {
  node: KubeObject;
  allocatable: ResourceAmounts;
  free: ResourceAmounts;
}

/** Whether a node reports Ready=True. */
export function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Why `pod` does not fit `slot` (empty when it fits). */
export function fitFailures(pod: KubeObject, requests: ResourceAmounts, slot: NodeSlot): string[] {
  const spec = podSpec(pod);
  if ((slot.node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return [UNSCHEDULABLE_REASON];
  if (!selectorMatches(spec.nodeSelector, slot.node.metadata.labels ?? {}) || !requiredAffinityMatches(pod, slot.node)) return [SELECTOR_MISMATCH_REASON];
  const taints = (slot.node.spec as { taints?: Taint[] } | undefined)?.taints ?? [];
  const taint = untoleratedTaint(blockingTaints(taints, isNodeReady(slot.node)), spec.tolerations ?? []);
  return taint ? [taint] : insufficientResources(requests, slot.free);
}

/** What is left of a node after placing `requests` (lower = tighter fit): the fit query scores the same way. */
export function remainingScore(requests: ResourceAmounts, slot: NodeSlot): number {
  return scoreRemaining(requests, slot.allocatable, slot.free);
}

/** kube-scheduler's FailedScheduling message: "0/3 nodes are available: 3 Insufficient cpu." */
export { unschedulableMessage };
