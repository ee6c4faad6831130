// The taint eviction controller (kube-controller-manager's NoExecute taint manager): a pod on a node
// with a NoExecute taint it does not tolerate is deleted at once; one that tolerates every such taint
// for a limited time is deleted when the shortest tolerationSeconds runs out (counted from when the
// controller first saw it so), unless the taints go away first. Its controller then recreates it.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, recordEvent, withCondition, type Condition } from './object.util';
import { taintsOf, tolerates, type Taint, type Toleration } from './node-lifecycle.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';
import { podSpec } from './resource-math.util';

const COMPONENT = 'taint-eviction-controller';

/** When a pod must go: now, after some milliseconds, or never. */
export type EvictionPlan = { kind: 'now' } | { kind: 'after'; ms: number } | { kind: 'never' };

/** What upstream's processPodOnNode decides for a pod facing a node's NoExecute taints. */
export function evictionPlan(tolerations: Toleration[], taints: Taint[]): EvictionPlan {
  const noExecute = taints.filter((taint) => taint.effect === 'NoExecute');
  if (noExecute.length === 0) return { kind: 'never' };
  const used: Toleration[] = [];
  for (const taint of noExecute) {
    const matching = tolerations.filter((toleration) => tolerates(toleration, taint));
    if (matching.length === 0) return { kind: 'now' };
    used.push(...matching);
  }
  const limits = used.map((t) => t.tolerationSeconds).filter((s): s is number => typeof s === 'number');
  if (limits.length === 0) return { kind: 'never' };
  return { kind: 'after', ms: Math.max(0, Math.min(...limits)) * 1000 };
}

const podRef = (pod: KubeObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

function evict(api: SimApiServer, pod: KubeObject): void {
  recordEvent(api, pod, { reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${podRef(pod)}`, type: 'Normal', component: COMPONENT });
  const status = (pod.status ?? {}) as { conditions?: Condition[] };
  const disruption: Condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: isoNow(api) };
  const marked = api.updateStatus({ ...pod, status: { ...status, conditions: withCondition(status.conditions, disruption) } });
  api.delete('pods', marked.metadata.namespace, marked.metadata.name ?? '');
}

/** The taint eviction controller; `now` is the simulated clock (epoch ms). */
export function taintEvictionController(api: SimApiServer, now: () => number): ControllerSpec {
  /** pod uid → simulated time its eviction is due */
  const scheduled = new Map<string, { due: number; pod: KubeObject }>();

  const cancelStale = (keep: Set<string>) => {
    for (const [uid, entry] of scheduled) {
      if (keep.has(uid)) continue;
      scheduled.delete(uid);
      const pod = api.get('pods', entry.pod.metadata.namespace, entry.pod.metadata.name ?? '');
      if (pod?.metadata.uid === uid) recordEvent(api, pod, { reason: 'TaintManagerEviction', message: `Cancelling deletion of Pod ${podRef(pod)}`, type: 'Normal', component: COMPONENT });
    }
  };

  const process = (pod: KubeObject, taints: Taint[], keep: Set<string>, control: LoopControl) => {
    const uid = pod.metadata.uid ?? '';
    const plan = evictionPlan(podSpec(pod).tolerations ?? [], taints);
    if (plan.kind === 'never') return;
    const at = now();
    const due = plan.kind === 'now' ? at : (scheduled.get(uid)?.due ?? at + plan.ms);
    if (due <= at) return evict(api, pod);
    scheduled.set(uid, { due, pod });
    keep.add(uid);
    control.requeueAfter(due - at);
  };

  return {
    name: COMPONENT,
    watches: ['pods', 'nodes'],
    reconcile: (control) => {
      const tainted = new Map(api.scan('nodes').map((node) => [node.metadata.name ?? '', taintsOf(node).filter((t) => t.effect === 'NoExecute')]));
      for (const [name, taints] of tainted) if (taints.length === 0) tainted.delete(name);
      const keep = new Set<string>();
      if (tainted.size > 0) {
        for (const pod of api.scan('pods')) {
          const taints = tainted.get(podSpec(pod).nodeName ?? '');
          if (taints && !pod.metadata.deletionTimestamp) process(pod, taints, keep, control);
        }
      }
      cancelStale(keep);
    },
  };
}
