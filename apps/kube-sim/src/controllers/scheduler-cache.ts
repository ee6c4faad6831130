// The scheduler's view of the cluster, kept current from pod and node changes as kube-scheduler's
// cache is: each node's free amounts (allocatable less the requests of its non-terminal pods, plus one
// pod slot each), the pods waiting for a node, and nodes grouped by everything a pod without node
// selector or affinity can tell apart (taints, cordon, readiness, allocatable, free) so that such a
// pod is weighed against one node per group instead of every node.
import { ONE_POD } from '@flotilla/kube';
import type { KubeObject, StoreEvent } from '../apiserver/api-handler';
import { isNodeReady, type NodeSlot } from './node-fit.util';
import { amountsOf, isTerminal, podRequests, podSpec, type ResourceAmounts } from './resource-math.util';

const SCHEDULER = 'default-scheduler';

/** Whether the default scheduler should place the pod. */
export function needsScheduling(pod: KubeObject): boolean {
  const spec = podSpec(pod) as { nodeName?: string; schedulerName?: string };
  return !spec.nodeName && !pod.metadata.deletionTimestamp && !isTerminal(pod) && (spec.schedulerName ?? SCHEDULER) === SCHEDULER;
}

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
const byName = (a: NodeSlot, b: NodeSlot) => ((a.node.metadata.name ?? '') < (b.node.metadata.name ?? '') ? -1 : 1);

/** Nodes that look the same to a pod without node selector or affinity, in name order. */
export interface NodeGroup {
  slots: NodeSlot[];
}

function used(pod: KubeObject): { nodeName: string; amounts: ResourceAmounts } | undefined {
  const nodeName = podSpec(pod).nodeName;
  if (!nodeName || isTerminal(pod)) return undefined;
  const amounts = podRequests(pod);
  amounts.set('pods', (amounts.get('pods') ?? 0n) + ONE_POD);
  return { nodeName, amounts };
}

function signature(slot: NodeSlot): string {
  const spec = (slot.node.spec ?? {}) as { unschedulable?: boolean; taints?: unknown[] };
  const amounts = (m: ResourceAmounts) => [...m].map(([k, v]) => `${k}=${v}`).sort().join(',');
  return JSON.stringify([spec.unschedulable === true, spec.taints ?? [], isNodeReady(slot.node), amounts(slot.allocatable), amounts(slot.free)]);
}

/** Free amounts per node, pending pods and node groups, from the changes seen. */
export class SchedulerCache {
  /** Schedulable (not deleting) nodes by name. */
  readonly slots = new Map<string, NodeSlot>();
  /** Pods waiting for the default scheduler, by namespace/name. */
  readonly pending = new Set<string>();
  /** Set when capacity or nodes changed since the pending pods were last tried. */
  changed = true;
  /** Pods that started waiting since the last pass. */
  readonly fresh = new Set<string>();
  private readonly usedByNode = new Map<string, Map<string, ResourceAmounts>>();
  private readonly nodeOfPod = new Map<string, string>();
  private readonly groups = new Map<string, NodeGroup>();
  private readonly groupOf = new Map<string, string>();

  observe(event: StoreEvent): void {
    if (event.typeKey === 'nodes') this.observeNode(event);
    else this.observePod(event);
  }

  /** The groups of schedulable nodes. */
  nodeGroups(): Iterable<NodeGroup> {
    return this.groups.values();
  }

  /** Every schedulable node, in name order. */
  orderedSlots(): NodeSlot[] {
    return [...this.slots.values()].sort(byName);
  }

  private observeNode(event: StoreEvent): void {
    const node = event.object;
    const name = node.metadata.name ?? '';
    this.changed = true;
    this.ungroup(name);
    if (event.type === 'DELETED' || node.metadata.deletionTimestamp) return void this.slots.delete(name);
    const allocatable = amountsOf((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable);
    this.slots.set(name, { node, allocatable, free: new Map() });
    this.refresh(name);
  }

  private observePod(event: StoreEvent): void {
    const key = keyOf(event.object);
    const pod = event.type === 'DELETED' ? undefined : event.object;
    if (pod && needsScheduling(pod)) {
      this.pending.add(key);
      this.fresh.add(key);
    } else {
      this.pending.delete(key);
      this.fresh.delete(key);
    }
    const before = this.nodeOfPod.get(key);
    const after = pod && used(pod);
    if (before !== undefined) this.release(before, key);
    if (after) this.reserve(after.nodeName, key, after.amounts);
  }

  private reserve(nodeName: string, key: string, amounts: ResourceAmounts): void {
    let pods = this.usedByNode.get(nodeName);
    if (!pods) this.usedByNode.set(nodeName, (pods = new Map()));
    pods.set(key, amounts);
    this.nodeOfPod.set(key, nodeName);
    this.adjust(nodeName, amounts, -1n);
  }

  private release(nodeName: string, key: string): void {
    const pods = this.usedByNode.get(nodeName);
    const amounts = pods?.get(key);
    pods?.delete(key);
    if (pods?.size === 0) this.usedByNode.delete(nodeName);
    this.nodeOfPod.delete(key);
    if (amounts) this.adjust(nodeName, amounts, 1n);
  }

  private adjust(nodeName: string, amounts: ResourceAmounts, sign: bigint): void {
    this.changed = true;
    const slot = this.slots.get(nodeName);
    if (!slot) return;
    for (const [resource, amount] of amounts) slot.free.set(resource, (slot.free.get(resource) ?? 0n) + sign * amount);
    this.regroup(nodeName, slot);
  }

  /** Recomputes a node's free amounts from its pods and moves it to its group. */
  private refresh(name: string): void {
    const slot = this.slots.get(name) as NodeSlot;
    slot.free = new Map(slot.allocatable);
    for (const amounts of this.usedByNode.get(name)?.values() ?? []) {
      for (const [resource, amount] of amounts) slot.free.set(resource, (slot.free.get(resource) ?? 0n) - amount);
    }
    this.regroup(name, slot);
  }

  private regroup(name: string, slot: NodeSlot): void {
    this.ungroup(name);
    const sig = signature(slot);
    let group = this.groups.get(sig);
    if (!group) this.groups.set(sig, (group = { slots: [] }));
    const at = lowerBound(group.slots, name);
    group.slots.splice(at, 0, slot);
    this.groupOf.set(name, sig);
  }

  private ungroup(name: string): void {
    const sig = this.groupOf.get(name);
    if (sig === undefined) return;
    this.groupOf.delete(name);
    const group = this.groups.get(sig) as NodeGroup;
    const at = lowerBound(group.slots, name);
    if (group.slots[at]?.node.metadata.name === name) group.slots.splice(at, 1);
    if (group.slots.length === 0) this.groups.delete(sig);
  }
}

function lowerBound(slots: NodeSlot[], name: string): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((slots[mid].node.metadata.name ?? '') < name) low = mid + 1;
    else high = mid;
  }
  return low;
}
