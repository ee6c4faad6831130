// The one place kube-sim's controllers emit core/v1 Events, correlated as client-go's
// EventCorrelator does (tools/record/events_cache.go): a repeat of an identical event (same source,
// involved object, type, reason and message) bumps `count` and `lastTimestamp` of the Event already
// stored instead of creating another; the 10th distinct message for the same object and reason
// within 10 minutes becomes one "(combined from similar events)" Event that later ones count into.
// (client-go's spam filter, which drops events beyond a token bucket, is not simulated.)
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';

/** What an Event is about and says. */
export interface EventInput {
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  /** source.component and reportingComponent: "default-scheduler", "kubelet", "deployment-controller". */
  component: string;
  /** source.host and reportingInstance: the node, for kubelet events. */
  host?: string;
}

interface Observation {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

interface SimilarEvents {
  messages: Set<string>;
  lastMs: number;
}

/** client-go's defaults: LRU caches of 4096 keys, 10 distinct messages within 600 s are combined. */
const CACHE_SIZE = 4096;
const MAX_SIMILAR = 10;
const SIMILAR_WINDOW_MS = 600_000;
const COMBINED_PREFIX = '(combined from similar events): ';

/** A Map that forgets its least recently used keys beyond a size. */
class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }
}

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function involvedObject(obj: KubeObject): Record<string, unknown> {
  const { namespace, name, uid, resourceVersion } = obj.metadata;
  return { kind: obj.kind, namespace, name, uid, apiVersion: obj.apiVersion, resourceVersion };
}

/** Correlates and writes the Events of one cluster. */
class EventCorrelator {
  private readonly observed = new LruCache<Observation>(CACHE_SIZE);
  private readonly similar = new LruCache<SimilarEvents>(CACHE_SIZE);
  private lastNanos = 0n;

  constructor(private readonly api: SimApiServer) {}

  record(obj: KubeObject, input: EventInput): void {
    const now = this.api.now();
    const { message, key } = this.aggregate(obj, input, now.getTime());
    const prior = this.observed.get(key);
    const stored = prior ? this.api.get('events', prior.namespace, prior.name) : undefined;
    if (prior && stored) {
      this.api.update({ ...stored, count: prior.count + 1, lastTimestamp: isoSeconds(now), message });
      this.observed.set(key, { ...prior, count: prior.count + 1 });
      return;
    }
    // a first occurrence, or one whose Event was deleted meanwhile (recreated under its name and count)
    const created = this.api.create(this.newEvent(obj, input, { message, now, prior }));
    this.observed.set(key, { name: created.metadata.name ?? '', namespace: created.metadata.namespace ?? '', count: Number(created.count), firstTimestamp: String(created.firstTimestamp) });
  }

  /** The message to record and the key it is counted under (EventAggregator.EventAggregate). */
  private aggregate(obj: KubeObject, input: EventInput, nowMs: number): { message: string; key: string } {
    const similarKey = JSON.stringify([input.component, input.host ?? '', obj.kind, obj.metadata.namespace, obj.metadata.name, obj.metadata.uid, obj.apiVersion, input.type, input.reason]);
    const previous = this.similar.get(similarKey);
    const record = previous && nowMs - previous.lastMs <= SIMILAR_WINDOW_MS ? previous : { messages: new Set<string>(), lastMs: nowMs };
    record.messages.add(input.message);
    record.lastMs = nowMs;
    this.similar.set(similarKey, record);
    if (record.messages.size < MAX_SIMILAR) return { message: input.message, key: JSON.stringify([similarKey, input.message]) };
    // keep the set from growing: one more distinct message keeps it at the threshold
    record.messages.delete(record.messages.values().next().value as string);
    return { message: `${COMBINED_PREFIX}${input.message}`, key: similarKey };
  }

  private newEvent(obj: KubeObject, input: EventInput, at: { message: string; now: Date; prior?: Observation }): KubeObject {
    const stamp = isoSeconds(at.now);
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: at.prior?.name ?? this.nameFor(obj, at.now), namespace: obj.metadata.namespace ?? 'default' },
      involvedObject: involvedObject(obj),
      reason: input.reason,
      message: at.message,
      source: input.host ? { component: input.component, host: input.host } : { component: input.component },
      firstTimestamp: at.prior?.firstTimestamp ?? stamp,
      lastTimestamp: stamp,
      count: (at.prior?.count ?? 0) + 1,
      type: input.type,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    };
  }

  /** `<object>.<unix nanoseconds in hex>`, as client-go names Events (kept unique within the process). */
  private nameFor(obj: KubeObject, now: Date): string {
    const nanos = BigInt(now.getTime()) * 1_000_000n;
    this.lastNanos = nanos > this.lastNanos ? nanos : this.lastNanos + 1n;
    return `${obj.metadata.name}.${this.lastNanos.toString(16)}`;
  }
}

const correlators = new WeakMap<SimApiServer, EventCorrelator>();

/** Records a core/v1 Event about `obj` as a controller's event recorder does, counting repeats into one Event. */
export function recordEvent(api: SimApiServer, obj: KubeObject, event: EventInput): void {
  let correlator = correlators.get(api);
  if (!correlator) {
    correlator = new EventCorrelator(api);
    correlators.set(api, correlator);
  }
  correlator.record(obj, event);
}
