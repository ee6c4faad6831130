// The scheduler: binds pending pods to the Ready node that fits them best (least left after placement).
// It follows pod and node changes (SchedulerCache) instead of re-reading the cluster each pass: new
// pending pods are tried at once, the others again when capacity or nodes change.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { nodeAffinityOf, preferredAffinityScore } from './node-affinity.util';
import { fitFailures, remainingScore, unschedulableMessage, type NodeSlot } from './node-fit.util';
import { conditionOf, isoNow, recordEvent, withCondition, type Condition } from './object.util';
import type { ControllerSpec } from './reconcile-loop';
import { podRequests, podSpec } from './resource-math.util';
import { needsScheduling, SchedulerCache, type NodeGroup } from './scheduler-cache';

const COMPONENT = 'default-scheduler';

const byAge = (a: KubeObject, b: KubeObject) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

interface Candidate {
  slot: NodeSlot;
  preference: number;
  score: number;
}

/** Higher preferred affinity first, then the tighter fit, then (as in a scan of the nodes in order) the first name. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.preference !== b.preference) return a.preference > b.preference;
  if (a.score !== b.score) return a.score < b.score;
  return (a.slot.node.metadata.name ?? '') < (b.slot.node.metadata.name ?? '');
}

/**
 * The pod's place: among the nodes that fit, those with the highest preferred node affinity score
 * (sum of matching preferredDuringScheduling weights), and among those the tightest fit.
 */
export function choose(pod: KubeObject, slots: NodeSlot[]): { slot?: NodeSlot; failures: string[][] } {
  return chooseAmong(pod, slots.map((slot) => ({ slots: [slot] })));
}

/** choose over groups of nodes that are alike for this pod: the first node of each group stands for all of it. */
function chooseAmong(pod: KubeObject, groups: Iterable<NodeGroup>): { slot?: NodeSlot; failures: string[][] } {
  const requests = podRequests(pod);
  const failures: string[][] = [];
  let best: Candidate | undefined;
  for (const { slots } of groups) {
    const slot = slots[0];
    const reasons = fitFailures(pod, requests, slot);
    if (reasons.length) {
      for (let i = 0; i < slots.length; i++) failures.push(reasons);
      continue;
    }
    const candidate = { slot, preference: preferredAffinityScore(pod, slot.node), score: remainingScore(requests, slot) };
    if (!best || better(candidate, best)) best = candidate;
  }
  return { slot: best?.slot, failures };
}

/** Whether nodes alike in taints, cordon, readiness and amounts are alike for this pod (no node selector or affinity). */
function ignoresLabels(pod: KubeObject): boolean {
  return Object.keys(podSpec(pod).nodeSelector ?? {}).length === 0 && nodeAffinityOf(pod) === undefined;
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

function podsToTry(api: SimApiServer, cache: SchedulerCache): KubeObject[] {
  const keys = cache.changed ? cache.pending : cache.fresh;
  const pods: KubeObject[] = [];
  for (const key of keys) {
    const slash = key.indexOf('/');
    const pod = api.peek('pods', key.slice(0, slash), key.slice(slash + 1));
    if (pod && needsScheduling(pod)) pods.push(pod);
  }
  cache.changed = false;
  cache.fresh.clear();
  return pods.sort(byAge);
}

/** Places every pending pod, oldest first; unschedulable ones are retried when a pod or node change alters capacity. */
export function schedulerController(api: SimApiServer): ControllerSpec {
  const cache = new SchedulerCache();
  return {
    name: 'scheduler',
    watches: ['pods', 'nodes'],
    observe: (event) => cache.observe(event),
    reconcile: () => {
      for (const pod of podsToTry(api, cache)) {
        const { slot, failures } = ignoresLabels(pod) ? chooseAmong(pod, cache.nodeGroups()) : choose(pod, cache.orderedSlots());
        if (slot) bind(api, pod, slot.node.metadata.name ?? '');
        else markUnschedulable(api, pod, unschedulableMessage(cache.slots.size, failures));
      }
    },
  };
}
