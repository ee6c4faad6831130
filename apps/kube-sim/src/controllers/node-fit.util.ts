// Scheduler predicates: why a pod cannot go to a node, in the words kube-scheduler uses.
import type { KubeObject } from '../apiserver/api-handler';
import { requiredAffinityMatches } from './node-affinity.util';
import { podSpec, type PodSpec, type ResourceAmounts } from './resource-math.util';

/** A node with what is still free on it. */
export interface NodeSlot {
  node: KubeObject;
  allocatable: ResourceAmounts;
  free: ResourceAmounts;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

type Toleration = NonNullable<PodSpec['tolerations']>[number];

const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const UNSCHEDULABLE = 'node(s) were unschedulable';
const SELECTOR_MISMATCH = "node(s) didn't match Pod's node affinity/selector";

/** Whether a node reports Ready=True. */
export function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

function taintsOf(node: KubeObject): Taint[] {
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return isNodeReady(node) ? taints : [...taints, NOT_READY_TAINT];
}

function untoleratedTaint(spec: PodSpec, node: KubeObject): string | undefined {
  const taint = taintsOf(node).find((t) => !(spec.tolerations ?? []).some((tol) => tolerates(tol, t)));
  return taint && `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

function selectorMatches(spec: PodSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  return Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => labels[key] === value);
}

function insufficient(requests: ResourceAmounts, slot: NodeSlot): string[] {
  const reasons: string[] = [];
  for (const [name, amount] of requests) {
    if (amount > 0n && amount > (slot.free.get(name) ?? 0n)) reasons.push(`Insufficient ${name}`);
  }
  if ((slot.free.get('pods') ?? 0n) < 1000n) reasons.push('Too many pods');
  return reasons;
}

/** Why `pod` does not fit `slot` (empty when it fits). */
export function fitFailures(pod: KubeObject, requests: ResourceAmounts, slot: NodeSlot): string[] {
  const spec = podSpec(pod);
  if ((slot.node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return [UNSCHEDULABLE];
  if (!selectorMatches(spec, slot.node) || !requiredAffinityMatches(pod, slot.node)) return [SELECTOR_MISMATCH];
  const taint = untoleratedTaint(spec, slot.node);
  return taint ? [taint] : insufficient(requests, slot);
}

/** What is left of a node after placing `requests`, as a sum of per-resource fractions (lower = tighter fit). */
export function remainingScore(requests: ResourceAmounts, slot: NodeSlot): number {
  let score = 0;
  for (const name of new Set(['cpu', 'memory', ...requests.keys()])) {
    const allocatable = slot.allocatable.get(name) ?? 0n;
    if (allocatable <= 0n) continue;
    const left = (slot.free.get(name) ?? 0n) - (requests.get(name) ?? 0n);
    score += Number((left * 1_000_000n) / allocatable) / 1_000_000;
  }
  return score;
}

/** kube-scheduler's FailedScheduling message: "0/3 nodes are available: 3 Insufficient cpu." */
export function unschedulableMessage(nodeCount: number, failures: string[][]): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const reason of failures.flat()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([reason, count]) => `${count} ${reason}`);
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}
