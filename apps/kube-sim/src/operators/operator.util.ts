// What the simulated operators share: reading types that a deleted CRD may have taken away,
// creating owned objects once, writing status only when it changes, metav1.Conditions, and delays
// measured per object.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { ApiError } from '../apiserver/status';
import { controllerRef, isControlledBy, statusDiffers, withCondition, type Condition } from '../controllers/object.util';
import type { LoopControl } from '../controllers/reconcile-loop';
import { simNow, type SimTimers } from '../controllers/timers';

/** The objects of a type, or none when the type is not served (its CRD was deleted). */
export function servedList(api: SimApiServer, typeKey: string, namespace?: string): KubeObject[] {
  const [plural, ...group] = typeKey.split('.');
  if (!api.resourceTypes.some((rt) => rt.plural === plural && rt.group === group.join('.'))) return [];
  return api.list(typeKey, namespace);
}

/** The objects of a type in the owner's namespace that the owner controls. */
export function ownedBy(api: SimApiServer, typeKey: string, owner: KubeObject): KubeObject[] {
  return api.list(typeKey, owner.metadata.namespace).filter((obj) => isControlledBy(obj, owner.metadata.uid) && !obj.metadata.deletionTimestamp);
}

/** `obj` with the owner as its controller (so the garbage collector deletes it with the owner). */
export function owned(owner: KubeObject, obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, namespace: owner.metadata.namespace, ownerReferences: [controllerRef(owner)] } };
}

/** Creates the object unless one of that name exists; returns what is stored. */
export function ensure(api: SimApiServer, typeKey: string, obj: KubeObject): KubeObject {
  const existing = api.get(typeKey, obj.metadata.namespace, obj.metadata.name ?? '');
  return existing ?? api.create(obj);
}

/** Deletes an object, ignoring one that is already gone. */
export function deleteIfPresent(api: SimApiServer, typeKey: string, obj: KubeObject): void {
  try {
    api.delete(typeKey, obj.metadata.namespace, obj.metadata.name ?? '');
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 404)) throw error;
  }
}

/** Writes `status` when it differs: through the status subresource, or with an update where the type has none. */
export function writeStatus(api: SimApiServer, obj: KubeObject, status: Record<string, unknown>, subresource = true): KubeObject {
  if (!statusDiffers(obj, status)) return obj;
  return subresource ? api.updateStatus({ ...obj, status }) : api.update({ ...obj, status });
}

/** A metav1.Condition (reason and message required, lastTransitionTime kept while the status holds). */
export function metaCondition(previous: Condition[] | undefined, next: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string }, now: string, generation?: number): Condition[] {
  const condition: Condition = { ...next, lastTransitionTime: now };
  if (generation !== undefined) condition.observedGeneration = generation;
  return withCondition(previous, condition);
}

/** The clock of a cluster's controllers: its simulation's (which may run faster than the wall clock), else the wall clock. */
export function clockOf(api: SimApiServer): () => number {
  const timers = (api as { simulation?: { timers?: SimTimers } }).simulation?.timers;
  return timers ? () => simNow(timers) : Date.now;
}

/** Per-object delays of a controller ("this VMI boots 2 s after its pod runs"), for level-triggered loops. */
export class Delays {
  private readonly due = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True once `ms` have passed since `key` was first asked about; until then asks the loop to come back. */
  elapsed(key: string, ms: number, control: LoopControl): boolean {
    const now = this.now();
    if (!this.due.has(key)) this.due.set(key, now + ms);
    const left = (this.due.get(key) ?? now) - now;
    if (left > 0) control.requeueAfter(left);
    return left <= 0;
  }

  /** Forgets a key (its step is done, or its object is gone). */
  clear(key: string): void {
    this.due.delete(key);
  }

  /** Forgets every key whose object (the part before the first "/") is not among `live`. */
  retain(live: Set<string>): void {
    for (const key of this.due.keys()) if (!live.has(key.split('/')[0])) this.due.delete(key);
  }
}
