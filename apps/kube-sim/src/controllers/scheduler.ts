// The scheduler: binds pending pods to the Ready node that fits them best (least left after placement).
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { preferredAffinityScore } from './node-affinity.util';
import { fitFailures, remainingScore, unschedulableMessage, type NodeSlot } from './node-fit.util';
import { conditionOf, isoNow, recordEvent, withCondition, type Condition } from './object.util';
import type { ControllerSpec } from './reconcile-loop';
import { addAmounts, amountsOf, isTerminal, podRequests, podSpec } from './resource-math.util';

const COMPONENT = 'default-scheduler';

function slotsOf(nodes: KubeObject[], pods: KubeObject[]): Map<string, NodeSlot> {
  const slots = new Map<string, NodeSlot>();
  for (const node of nodes) {
    const allocatable = amountsOf((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable);
    slots.set(node.metadata.name ?? '', { node, allocatable, free: new Map(allocatable) });
  }
  for (const pod of pods) {
    const slot = slots.get(podSpec(pod).nodeName ?? '');
    if (slot && !isTerminal(pod)) reserve(slot, podRequests(pod));
  }
  return slots;
}

function reserve(slot: NodeSlot, requests: Map<string, bigint>): void {
  const used = addAmounts(requests, new Map([['pods', 1000n]]));
  for (const [name, amount] of used) slot.free.set(name, (slot.free.get(name) ?? 0n) - amount);
}

function needsScheduling(pod: KubeObject): boolean {
  const spec = podSpec(pod) as { nodeName?: string; schedulerName?: string };
  return !spec.nodeName && !pod.metadata.deletionTimestamp && !isTerminal(pod) && (spec.schedulerName ?? COMPONENT) === COMPONENT;
}

const byAge = (a: KubeObject, b: KubeObject) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/**
 * The pod's place: among the nodes that fit, those with the highest preferred node affinity score
 * (sum of matching preferredDuringScheduling weights), and among those the tightest fit.
 */
export function choose(pod: KubeObject, slots: NodeSlot[]): { slot?: NodeSlot; failures: string[][] } {
  const requests = podRequests(pod);
  const failures: string[][] = [];
  let best: { slot: NodeSlot; preference: number; score: number } | undefined;
  for (const slot of slots) {
    const reasons = fitFailures(pod, requests, slot);
    if (reasons.length) {
      failures.push(reasons);
      continue;
    }
    const candidate = { slot, preference: preferredAffinityScore(pod, slot.node), score: remainingScore(requests, slot) };
    if (!best || better(candidate, best)) best = candidate;
  }
  return { slot: best?.slot, failures };
}

function better(a: { preference: number; score: number }, b: { preference: number; score: number }): boolean {
  return a.preference > b.preference || (a.preference === b.preference && a.score < b.score);
}

function bind(api: SimApiServer, pod: KubeObject, nodeName: string): void {
  const bound = api.update({ ...pod, spec: { ...podSpec(pod), nodeName } });
  const condition: Condition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoNow(api) };
  const status = (bound.status ?? {}) as { conditions?: Condition[] };
  api.updateStatus({ ...bound, status: { ...status, conditions: withCondition(status.conditions, condition) } });
  recordEvent(api, bound, { reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, type: 'Normal', component: COMPONENT });
}

function markUnschedulable(api: SimApiServer, pod: KubeObject, message: string): void {
  if (conditionOf(pod, 'PodScheduled')?.message === message) return;
  const condition: Condition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: isoNow(api) };
  const status = (pod.status ?? {}) as { conditions?: Condition[] };
  const updated = api.updateStatus({ ...pod, status: { ...status, phase: 'Pending', conditions: withCondition(status.conditions, condition) } });
  recordEvent(api, updated, { reason: 'FailedScheduling', message, type: 'Warning', component: COMPONENT });
}

/** Places every pending pod, oldest first; unschedulable ones are retried on any pod or node change. */
export function schedulerController(api: SimApiServer): ControllerSpec {
  return {
    name: 'scheduler',
    watches: ['pods', 'nodes'],
    reconcile: () => {
      const nodes = api.list('nodes').filter((node) => !node.metadata.deletionTimestamp);
      const pods = api.list('pods');
      const slots = slotsOf(nodes, pods);
      for (const pod of pods.filter(needsScheduling).sort(byAge)) {
        const { slot, failures } = choose(pod, [...slots.values()]);
        if (!slot) {
          markUnschedulable(api, pod, unschedulableMessage(nodes.length, failures));
          continue;
        }
        bind(api, pod, slot.node.metadata.name ?? '');
        reserve(slot, podRequests(pod));
      }
    },
  };
}
