import { typeKey, type ResourceType } from './resource-types';

/** An owner reference as kept in metadata.ownerReferences. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metadata of a stored object (only the fields the machinery reads are typed). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** Any Kubernetes object, as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** One change, as kept in the history and fanned out to watchers (read-only: its objects are the store's). */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv: number;
  typeKey: string;
  object: KubeObject;
  /** The object before a MODIFIED/DELETED change (for selector transitions). */
  previous?: KubeObject;
}

const serialized = new WeakMap<object, Buffer>();

/** Under the test runner stored versions are frozen, so code that changes one it was handed read-only fails loudly. */
const FREEZE_STORED = process.env.VITEST !== undefined;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The JSON of a stored object or of an event's object as UTF-8 bytes, made once: neither ever changes
 * after it is stored, so every LIST and every watcher reuses the bytes (no re-serializing or re-encoding).
 */
export function jsonBytesOf(obj: KubeObject): Buffer {
  let bytes = serialized.get(obj);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(obj));
    serialized.set(obj, bytes);
  }
  return bytes;
}

/** The JSON text of a stored object (see {@link jsonBytesOf}). */
export function jsonOf(obj: KubeObject): string {
  return jsonBytesOf(obj).toString('utf8');
}

/** Deep copy of a JSON value. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

const ownerUids = (obj: KubeObject | undefined) => new Set((obj?.metadata.ownerReferences ?? []).map((ref) => ref.uid));

const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/** The first index of `sorted` whose key is > `after` (or ≥ `from` when `inclusive`): binary search. */
function lowerBound(sorted: string[], key: string, inclusive: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < key || (!inclusive && sorted[mid] === key)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * One type's objects and their keys in order. Keys added or removed since the order was last read
 * are held aside and merged in at the next read, so a write never re-sorts and a read after many
 * writes sorts only the new keys.
 */
interface Bucket {
  objects: Map<string, KubeObject>;
  sorted: string[];
  added: Set<string>;
  removed: Set<string>;
}

/** The bucket's keys in order, with the changes held aside merged in. */
function sortedKeys(bucket: Bucket): string[] {
  if (bucket.added.size === 0 && bucket.removed.size === 0) return bucket.sorted;
  const added = [...bucket.added].sort();
  const merged: string[] = [];
  let a = 0;
  for (const key of bucket.sorted) {
    if (bucket.removed.has(key)) continue;
    while (a < added.length && added[a] < key) merged.push(added[a++]);
    merged.push(key);
  }
  while (a < added.length) merged.push(added[a++]);
  bucket.sorted = merged;
  bucket.added.clear();
  bucket.removed.clear();
  return merged;
}

/** Keys held aside before they are merged at the write: a first LIST after a bulk load then sorts at most this many. */
const MERGE_AFTER = 4096;

function keyAdded(bucket: Bucket, key: string): void {
  if (!bucket.removed.delete(key)) bucket.added.add(key);
  if (bucket.added.size >= MERGE_AFTER) sortedKeys(bucket);
}

function keyRemoved(bucket: Bucket, key: string): void {
  if (!bucket.added.delete(key)) bucket.removed.add(key);
}

/** Which part of a type {@link ObjectStore.scan} reads. */
export interface ScanRange {
  /** Only this namespace (namespaced types). */
  namespace?: string;
  /** Only keys ("namespace/name") after this one (a continue token's position). */
  after?: string;
}

/**
 * Versioned in-memory object store of one cluster: one resourceVersion counter for every type, a
 * bounded change history for watch resume, and change listeners.
 */
export class ObjectStore {
  private rv = 1;
  private compactedRv = 0;
  private etcdCompactedRv = 0;
  private readonly objects = new Map<string, Bucket>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /** uid → where the object is stored; owner uid → its dependents ("typeKey\nnamespace/name"). */
  private readonly uids = new Map<string, string>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly historySize: number) {}

  /** The current resourceVersion as a string. */
  currentRv(): string {
    return String(this.rv);
  }

  /** A copy of one object, or undefined. */
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(rt).objects.get(objectKey(rt.namespaced ? namespace : undefined, name));
    return found && clone(found);
  }

  /** The stored object itself (no copy: never change it), or undefined. */
  peek(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(rt).objects.get(objectKey(rt.namespaced ? namespace : undefined, name));
  }

  /** Copies of the objects of a type (one namespace or all), sorted by namespace/name. */
  list(rt: ResourceType, namespace?: string): KubeObject[] {
    return this.scan(rt, { namespace }).map(clone);
  }

  /**
   * The stored objects themselves (no copies: never change them), sorted by namespace/name, of one
   * namespace or all, optionally only after a key. For reads that only serialize (LIST, watch), where
   * copying 100,000 pods would cost more than answering.
   */
  scan(rt: ResourceType, range: ScanRange = {}): KubeObject[] {
    const bucket = this.bucket(rt);
    const keys = sortedKeys(bucket);
    const prefix = rt.namespaced && range.namespace ? `${range.namespace}/` : '';
    let start = prefix ? lowerBound(keys, prefix, true) : 0;
    if (range.after !== undefined) start = Math.max(start, lowerBound(keys, range.after, false));
    const out: KubeObject[] = [];
    for (let i = start; i < keys.length && keys[i].startsWith(prefix); i++) out.push(bucket.objects.get(keys[i]) as KubeObject);
    return out;
  }

  /** Stores a new or changed object under a new resourceVersion and records the change. */
  put(rt: ResourceType, obj: KubeObject, dryRun = false): KubeObject {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const bucket = this.bucket(rt);
    const previous = bucket.objects.get(key);
    const stored = clone(obj);
    // a dry run changes nothing, so it keeps the stored version (kubectl diff must not show one)
    stored.metadata.resourceVersion = dryRun ? previous?.metadata.resourceVersion : String(this.rv + 1);
    if (dryRun) return stored;
    this.rv += 1;
    bucket.objects.set(key, stored);
    if (!previous) keyAdded(bucket, key);
    this.index(`${typeKey(rt)}\n${key}`, previous, stored);
    // the event shares the stored version (neither is ever changed) and its JSON, made now, serves every LIST and watcher
    jsonBytesOf(FREEZE_STORED ? deepFreeze(stored) : stored);
    this.record({ type: previous ? 'MODIFIED' : 'ADDED', rv: this.rv, typeKey: typeKey(rt), object: stored, previous });
    return clone(stored);
  }

  /** Removes an object; the DELETED event carries a new resourceVersion. */
  remove(rt: ResourceType, obj: KubeObject, dryRun = false): KubeObject {
    const removed = clone(obj);
    if (dryRun) return removed;
    const bucket = this.bucket(rt);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const stored = bucket.objects.get(key);
    if (stored) {
      bucket.objects.delete(key);
      keyRemoved(bucket, key);
      this.index(`${typeKey(rt)}\n${key}`, stored, undefined);
    }
    this.rv += 1;
    removed.metadata.resourceVersion = String(this.rv);
    this.record({ type: 'DELETED', rv: this.rv, typeKey: typeKey(rt), object: clone(removed), previous: clone(obj) });
    return removed;
  }

  /** The stored object with this uid (no copy: never change it) and its type key, or undefined. */
  findUid(uid: string): { typeKey: string; object: KubeObject } | undefined {
    const at = this.uids.get(uid);
    return at === undefined ? undefined : this.at(at);
  }

  /** The stored objects (no copies) whose ownerReferences name this uid, with their type keys, in no order. */
  dependentsOf(uid: string): { typeKey: string; object: KubeObject }[] {
    return [...(this.dependents.get(uid) ?? [])].map((at) => this.at(at)).filter((found) => found !== undefined);
  }

  private at(location: string): { typeKey: string; object: KubeObject } | undefined {
    const split = location.indexOf('\n');
    const typeKey = location.slice(0, split);
    const object = this.objects.get(typeKey)?.objects.get(location.slice(split + 1));
    return object && { typeKey, object };
  }

  /** Keeps the uid and owner indexes current for one stored location (`before` and `after` its versions). */
  private index(location: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const uidBefore = before?.metadata.uid;
    if (uidBefore && this.uids.get(uidBefore) === location) this.uids.delete(uidBefore);
    if (after?.metadata.uid) this.uids.set(after.metadata.uid, location);
    const was = ownerUids(before);
    const is = ownerUids(after);
    for (const uid of was) if (!is.has(uid)) this.dropDependent(uid, location);
    for (const uid of is) if (!was.has(uid)) this.addDependent(uid, location);
  }

  private addDependent(owner: string, location: string): void {
    let set = this.dependents.get(owner);
    if (!set) this.dependents.set(owner, (set = new Set()));
    set.add(location);
  }

  private dropDependent(owner: string, location: string): void {
    const set = this.dependents.get(owner);
    set?.delete(location);
    if (set?.size === 0) this.dependents.delete(owner);
  }

  /** The changes after `rv` (all types), or 'gone' when the history no longer reaches back that far. */
  eventsSince(rv: number): StoreEvent[] | 'gone' {
    if (rv < this.compactedRv) return 'gone';
    return this.history.filter((event) => event.rv > rv);
  }

  /** Forgets the change history as etcd compaction does: resuming from before now answers 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
    this.etcdCompactedRv = this.rv;
  }

  /**
   * Oldest resourceVersion a list's continue token may carry. kube-apiserver pages from etcd, whose
   * revisions live until compaction (every 5 minutes), not from the watch cache: so only {@link compact}
   * expires continue tokens, not the rolling watch history (a 5,000-node cluster's heartbeats alone
   * roll 1,000 events in a second, shorter than kubectl takes for a few pages).
   */
  oldestContinuableRv(): number {
    return this.etcdCompactedRv;
  }

  /** Oldest resourceVersion still resumable (for 410 messages). */
  oldestResumableRv(): number {
    return this.compactedRv;
  }

  /** Registers a change listener; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    while (this.history.length > this.historySize) this.compactedRv = this.history.shift()?.rv ?? this.compactedRv;
    for (const listener of [...this.listeners]) listener(event);
  }

  private bucket(rt: ResourceType): Bucket {
    const key = typeKey(rt);
    let bucket = this.objects.get(key);
    if (!bucket) {
      bucket = { objects: new Map(), sorted: [], added: new Set(), removed: new Set() };
      this.objects.set(key, bucket);
    }
    return bucket;
  }
}
