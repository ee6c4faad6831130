import type { ServerResponse } from 'node:http';
import { apiVersionOf, typeKey, type ResourceType } from './resource-types';
import type { ResourceService } from './resources';
import type { Selector } from './selectors';
import { badRequest, expired } from './status';
import { jsonBytesOf, type KubeObject, type StoreEvent } from './store';
import { toTable } from './table';

/** One watch request, already parsed. */
export interface WatchRequest {
  rt: ResourceType;
  namespace?: string;
  selector: Selector;
  resourceVersion: string | null;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** Set when the client's Accept asks for meta.k8s.io/v1 Tables: each event's object becomes a one-row Table. */
  table?: { includeObject: string | null; now: () => Date };
}

/** An event as written on the wire. */
export interface WireEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

const DEFAULT_TIMEOUT_SECONDS = 1800;
const LINE_END = Buffer.from('}\n');

function inScope(w: WatchRequest, obj: KubeObject | undefined): boolean {
  return obj !== undefined && (!w.namespace || obj.metadata.namespace === w.namespace) && w.selector(obj);
}

function projectModified(w: WatchRequest, event: StoreEvent): WireEvent | undefined {
  const before = inScope(w, event.previous);
  const after = inScope(w, event.object);
  if (before && after) return { type: 'MODIFIED', object: event.object };
  if (after) return { type: 'ADDED', object: event.object };
  return before ? { type: 'DELETED', object: event.object } : undefined;
}

/** What one watcher sees of a store change: selector transitions become ADDED/DELETED, as in kube-apiserver. */
export function projectEvent(w: WatchRequest, event: StoreEvent): WireEvent | undefined {
  if (event.typeKey !== typeKey(w.rt)) return undefined;
  if (event.type === 'MODIFIED') return projectModified(w, event);
  const subject = event.type === 'DELETED' ? (event.previous ?? event.object) : event.object;
  return inScope(w, subject) ? { type: event.type, object: event.object } : undefined;
}

/** The events a watch starts with: synthetic ADDED for "0"/absent, the replayed history otherwise, or 410. */
export function initialEvents(service: ResourceService, w: WatchRequest): WireEvent[] {
  const raw = w.resourceVersion;
  if (!raw || raw === '0') {
    return service.store.scan(w.rt, { namespace: w.namespace }).filter(w.selector).map((object) => ({ type: 'ADDED', object }));
  }
  const rv = Number(raw);
  if (!Number.isInteger(rv) || rv < 0) throw badRequest(`invalid resource version: "${raw}"`);
  const events = service.store.eventsSince(rv);
  if (events === 'gone') {
    const status = expired(`too old resource version: ${rv} (${service.store.oldestResumableRv()})`).toStatus();
    return [{ type: 'ERROR', object: status }];
  }
  return events.map((event) => projectEvent(w, event)).filter((e): e is WireEvent => e !== undefined);
}

/**
 * Encodes events for Table watches as kube-apiserver does: the object of each ADDED/MODIFIED/DELETED
 * event becomes a Table with one row, only the first carrying columnDefinitions.
 */
export function tableEncoder(w: WatchRequest): (event: WireEvent) => WireEvent {
  const table = w.table;
  if (!table) return (event) => event;
  let first = true;
  return (event) => {
    if (event.type === 'ERROR' || event.type === 'BOOKMARK') return event;
    const obj = event.object as KubeObject;
    const rendered = toTable(w.rt, [obj], { now: table.now(), includeObject: table.includeObject, metadata: { resourceVersion: obj.metadata.resourceVersion } });
    const object = first ? rendered : { ...rendered, columnDefinitions: null };
    first = false;
    return { type: event.type, object };
  };
}

/**
 * Streams a watch as chunked newline-delimited JSON events until timeoutSeconds, a 410 ERROR, or
 * the client going away. BOOKMARK events carry the cluster's current resourceVersion.
 */
export function serveWatch(service: ResourceService, res: ServerResponse, w: WatchRequest): Promise<void> {
  const initial = initialEvents(service, w);
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  const encode = tableEncoder(w);
  // objects are serialized once for every watcher (jsonBytesOf); Tables are rendered per watcher
  const line = (event: WireEvent): string | Buffer =>
    w.table ? `${JSON.stringify(encode(event))}\n` : Buffer.concat([Buffer.from(`{"type":"${event.type}","object":`), jsonBytesOf(event.object as KubeObject), LINE_END]);
  // a watch cut by the control API ends the response before 'close' unsubscribes it: write nothing after
  const write = (event: WireEvent) => void (res.writableEnded || res.destroyed || res.write(line(event)));
  initial.forEach(write);
  if (initial.some((e) => e.type === 'ERROR')) {
    res.end();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const unsubscribe = service.store.subscribe((event) => {
      const wire = projectEvent(w, event);
      if (wire) write(wire);
    });
    const bookmark = { kind: w.rt.kind, apiVersion: apiVersionOf(w.rt) };
    const ticker = w.allowBookmarks
      ? setInterval(() => write({ type: 'BOOKMARK', object: { ...bookmark, metadata: { resourceVersion: service.store.currentRv() } } }), w.bookmarkIntervalMs)
      : undefined;
    const timer = setTimeout(() => finish(), (w.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
    const finish = () => {
      unsubscribe();
      clearInterval(ticker);
      clearTimeout(timer);
      if (!res.writableEnded) res.end();
      resolve();
    };
    res.once('close', finish);
  });
}
