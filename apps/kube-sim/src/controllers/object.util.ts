// Small helpers the controllers share: conditions, events, owner references.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';

/** A status condition. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

/** ISO time at second precision, as Kubernetes writes it. */
export function isoNow(api: SimApiServer): string {
  return api.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The condition of a type in an object's status, if any. */
export function conditionOf(obj: KubeObject, type: string): Condition | undefined {
  return ((obj.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

/** Conditions with `next` set; lastTransitionTime kept when the status does not change. */
export function withCondition(conditions: Condition[] | undefined, next: Condition): Condition[] {
  const list = conditions ?? [];
  const current = list.find((c) => c.type === next.type);
  const merged = { ...next, lastTransitionTime: current?.status === next.status ? current.lastTransitionTime : next.lastTransitionTime };
  return current ? list.map((c) => (c.type === next.type ? merged : c)) : [...list, merged];
}

export { recordEvent, type EventInput } from './event-recorder';

/** An ownerReference to `owner` marking it as the controller. */
export function controllerRef(owner: KubeObject): { apiVersion: string; kind: string; name: string; uid: string; controller: true; blockOwnerDeletion: true } {
  return { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** Whether `obj` is controlled by the object with `uid`. */
export function isControlledBy(obj: KubeObject, uid: string | undefined): boolean {
  return (obj.metadata.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === uid);
}

/** Whether an object's status differs from `next` (to skip no-op writes that would loop). */
export function statusDiffers(obj: KubeObject, next: unknown): boolean {
  return JSON.stringify(obj.status ?? {}) !== JSON.stringify(next);
}

/** Objects by the uid of their controller (ownerReferences with controller: true), for workloads to find their pods without a scan each. */
export function byControllerUid(objects: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (!ref.controller) continue;
      const list = out.get(ref.uid);
      if (list) list.push(obj);
      else out.set(ref.uid, [obj]);
    }
  }
  return out;
}
