// Scheduler predicates and scoring on plain values, shared by kube-sim's scheduler and the fit query,
// so that a quote and a placement agree. Messages are kube-scheduler's.
import type { ResourceAmounts } from './resource-amounts';

/** A node taint. */
export interface Taint {
  key: string;
  value?: string | null;
  effect: string;
}

/** A pod toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Taint the node lifecycle puts on a node that is not Ready. */
export const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
/** Taint a cordoned node carries. */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
/** Why a cordoned node is skipped. */
export const UNSCHEDULABLE_REASON = 'node(s) were unschedulable';
/** Why a node whose labels do not match is skipped. */
export const SELECTOR_MISMATCH_REASON = "node(s) didn't match Pod's node affinity/selector";
/** One pod slot, in thousandths (the unit of {@link ResourceAmounts}). */
export const ONE_POD = 1000n;

/** Whether a toleration tolerates a taint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** The taints that keep pods off a node: NoSchedule and NoExecute, plus not-ready when it is not Ready. */
export function blockingTaints(taints: readonly Taint[], ready: boolean): Taint[] {
  const blocking = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return ready || blocking.some((t) => t.key === NOT_READY_TAINT.key) ? blocking : [...blocking, NOT_READY_TAINT];
}

/** "node(s) had untolerated taint {key: value}" for the first blocking taint not tolerated, else undefined. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): string | undefined {
  const taint = taints.find((t) => !tolerations.some((toleration) => tolerates(toleration, t)));
  return taint && `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** Whether every nodeSelector entry is among the labels. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/** "Insufficient <resource>" per requested resource that does not fit `free`, and "Too many pods". */
export function insufficientResources(requests: ResourceAmounts, free: ResourceAmounts): string[] {
  const reasons: string[] = [];
  for (const [name, amount] of requests) {
    if (amount > 0n && amount > (free.get(name) ?? 0n)) reasons.push(`Insufficient ${name}`);
  }
  if ((free.get('pods') ?? 0n) < ONE_POD) reasons.push('Too many pods');
  return reasons;
}

/**
 * What is left of a node after placing `requests`, as a sum of per-resource fractions of allocatable
 * over cpu, memory and every requested resource: lower is a tighter fit, and the scheduler picks the
 * lowest (best fit, which keeps large nodes free for large pods).
 */
export function remainingScore(requests: ResourceAmounts, allocatable: ResourceAmounts, free: ResourceAmounts): number {
  let score = 0;
  for (const name of new Set(['cpu', 'memory', ...requests.keys()])) {
    const total = allocatable.get(name) ?? 0n;
    if (total <= 0n) continue;
    const left = (free.get(name) ?? 0n) - (requests.get(name) ?? 0n);
    score += Number((left * 1_000_000n) / total) / 1_000_000;
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
