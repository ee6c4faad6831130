import type { ResourceService } from './resources';
import { typeKey, type ResourceType } from './resource-types';
import { ApiError, notFound } from './status';
import { clone, type KubeObject } from './store';

/** Options of a delete request. */
export interface DeleteRequestOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  dryRun?: boolean;
}

const FOREGROUND = 'foregroundDeletion';

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

interface Dependent {
  rt: ResourceType;
  obj: KubeObject;
}

/**
 * Deletion semantics: finalizers keep an object (with deletionTimestamp) until they are removed;
 * ownerReferences garbage collection by propagationPolicy (Background deletes dependents after the
 * owner, Foreground before it, Orphan strips the references); namespaces go Terminating, cascade
 * their contents and disappear once empty. Synchronous: the cascade is done when delete returns.
 */
export class Deleter {
  constructor(private readonly service: ResourceService) {}

  /** Deletes one object; returns it as last seen (with deletionTimestamp when it lingers). */
  delete(rt: ResourceType, namespace: string | undefined, name: string, options: DeleteRequestOptions): KubeObject {
    const existing = this.service.store.get(rt, namespace, name);
    if (!existing) throw notFound(rt, name);
    if (options.dryRun) return existing;
    if (rt.plural === 'namespaces' && rt.group === '') return this.deleteNamespace(rt, existing);
    return this.deleteWithPolicy(rt, existing, options.propagationPolicy ?? 'Background');
  }

  private deleteWithPolicy(rt: ResourceType, existing: KubeObject, policy: string): KubeObject {
    if (policy === 'Orphan') this.orphanDependents(existing);
    if (policy === 'Foreground' && this.dependentsOf(existing).length > 0) return this.deleteForeground(rt, existing);
    if (existing.metadata.finalizers?.length) return this.markDeleting(rt, existing, existing.metadata.finalizers);
    return this.finalize(rt, existing);
  }

  /** Removes an object for good, then collects what its removal unblocks. */
  finalize(rt: ResourceType, obj: KubeObject, dryRun = false): KubeObject {
    const removed = this.service.store.remove(rt, obj, dryRun);
    if (dryRun) return removed;
    this.collectDependents(removed);
    this.releaseForegroundOwners(removed);
    if (rt.namespaced && removed.metadata.namespace) this.finishNamespaceIfEmpty(removed.metadata.namespace);
    return removed;
  }

  private markDeleting(rt: ResourceType, obj: KubeObject, finalizers: string[]): KubeObject {
    if (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.join() === finalizers.join()) return obj;
    const next = clone(obj);
    next.metadata.deletionTimestamp = next.metadata.deletionTimestamp ?? this.service.now();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.metadata.finalizers = finalizers;
    return this.service.store.put(rt, next);
  }

  private deleteForeground(rt: ResourceType, owner: KubeObject): KubeObject {
    const finalizers = [...new Set([...(owner.metadata.finalizers ?? []), FOREGROUND])];
    const marked = this.markDeleting(rt, owner, finalizers);
    for (const dep of this.dependentsOf(owner)) this.tryDelete(dep, 'Foreground');
    return this.service.store.get(rt, owner.metadata.namespace, owner.metadata.name ?? '') ?? marked;
  }

  private deleteNamespace(rt: ResourceType, ns: KubeObject): KubeObject {
    const next = clone(ns);
    next.metadata.deletionTimestamp = next.metadata.deletionTimestamp ?? this.service.now();
    next.status = { ...(next.status as object), phase: 'Terminating' };
    const terminating = ns.metadata.deletionTimestamp ? ns : this.service.store.put(rt, next);
    const name = ns.metadata.name ?? '';
    for (const type of this.service.types.filter((t) => t.namespaced)) {
      for (const obj of this.service.store.scan(type, { namespace: name })) this.tryDelete({ rt: type, obj }, 'Background');
    }
    this.finishNamespaceIfEmpty(name);
    return terminating;
  }

  private finishNamespaceIfEmpty(name: string): void {
    const nsType = this.service.resolve('namespaces');
    const ns = this.service.store.get(nsType, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const remaining = this.service.types.some((t) => t.namespaced && this.service.store.scan(t, { namespace: name }).length > 0);
    if (remaining) return;
    if (ns.metadata.finalizers?.length) return;
    this.service.store.remove(nsType, ns);
  }

  private tryDelete(dep: Dependent, policy: DeleteRequestOptions['propagationPolicy']): void {
    try {
      this.delete(dep.rt, dep.obj.metadata.namespace, dep.obj.metadata.name ?? '', { propagationPolicy: policy });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }

  /** Copies of the objects whose ownerReferences name the owner, type by type in served order, each type's by namespace/name. */
  private dependentsOf(owner: KubeObject): Dependent[] {
    const byType = new Map<string, KubeObject[]>();
    for (const { typeKey: key, object } of this.service.store.dependentsOf(owner.metadata.uid ?? '')) {
      if (!byType.has(key)) byType.set(key, []);
      byType.get(key)?.push(object);
    }
    const found: Dependent[] = [];
    for (const rt of this.service.types) {
      const objs = [...(byType.get(typeKey(rt)) ?? [])].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
      found.push(...objs.map((obj) => ({ rt, obj: clone(obj) })));
    }
    return found;
  }

  private orphanDependents(owner: KubeObject): void {
    for (const { rt, obj } of this.dependentsOf(owner)) {
      obj.metadata.ownerReferences = obj.metadata.ownerReferences?.filter((ref) => ref.uid !== owner.metadata.uid);
      if (!obj.metadata.ownerReferences?.length) delete obj.metadata.ownerReferences;
      this.service.store.put(rt, obj);
    }
  }

  /** Background GC: a dependent whose last owner is gone is deleted; others just lose the reference. */
  private collectDependents(owner: KubeObject): void {
    for (const dep of this.dependentsOf(owner)) {
      const others = dep.obj.metadata.ownerReferences?.filter((ref) => ref.uid !== owner.metadata.uid && this.ownerExists(ref.uid)) ?? [];
      if (others.length === 0) {
        this.tryDelete(dep, 'Background');
        continue;
      }
      dep.obj.metadata.ownerReferences = dep.obj.metadata.ownerReferences?.filter((ref) => ref.uid !== owner.metadata.uid);
      this.service.store.put(dep.rt, dep.obj);
    }
  }

  private releaseForegroundOwners(removed: KubeObject): void {
    for (const ref of removed.metadata.ownerReferences ?? []) {
      const owner = this.findByUid(ref.uid);
      if (!owner?.obj.metadata.finalizers?.includes(FOREGROUND) || this.dependentsOf(owner.obj).length > 0) continue;
      const next = clone(owner.obj);
      next.metadata.finalizers = next.metadata.finalizers?.filter((f) => f !== FOREGROUND);
      this.service.update(owner.rt, next);
    }
  }

  private ownerExists(uid: string): boolean {
    return this.findByUid(uid) !== undefined;
  }

  private findByUid(uid: string): Dependent | undefined {
    const found = this.service.store.findUid(uid);
    const rt = found && this.service.types.find((t) => typeKey(t) === found.typeKey);
    return rt && found && { rt, obj: clone(found.object) };
  }
}
