// NodeMetrics and PodMetrics objects as metrics-server serves them, computed from the cluster's
// running pods: each container uses a seeded, drifting fraction of its requests (usage-model.ts) and
// a node uses the sum of its pods plus a small system overhead.
import { formatQuantity } from '@flotilla/kube';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { amountsOf, podSpec, type ContainerSpec } from '../controllers/resource-math.util';
import { DEFAULT_USAGE, usageFraction, windowIndex, type UsageOptions } from './usage-model';

/** The group-version metrics-server serves. */
export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

/** What a node's system daemons (kubelet, runtime, OS) use beside its pods. */
export const NODE_OVERHEAD = { nanocores: 50_000_000n, bytes: 256n * 1024n * 1024n };

/** Requests assumed for a container that declares neither requests nor limits. */
const DEFAULT_REQUEST = { milliCpu: 100n, bytes: 128n * 1024n * 1024n };

/** Usage of one container, exact. */
export interface ContainerUsage {
  name: string;
  nanocores: bigint;
  bytes: bigint;
}

/** CPU in metrics-server's form: whole millicores as "250m", else nanocores as "123456789n". */
export function formatCpu(nanocores: bigint): string {
  return nanocores % 1_000_000n === 0n ? formatQuantity(nanocores / 1_000_000n, 'milli') : `${nanocores}n`;
}

/** Memory in metrics-server's form: whole KiB ("1024Ki", or a larger binary suffix when exact). */
export function formatMemory(bytes: bigint): string {
  const kib = bytes / 1024n;
  return kib === 0n ? '0' : `${kib}Ki`;
}

function requestOf(container: ContainerSpec, resource: 'cpu' | 'memory'): bigint | undefined {
  const milli = amountsOf(container.resources?.requests).get(resource) ?? amountsOf(container.resources?.limits).get(resource);
  return milli === undefined || milli === 0n ? undefined : milli;
}

const scaled = (amount: bigint, fraction: number) => (amount * BigInt(Math.round(fraction * 1_000_000))) / 1_000_000n;

const isRunning = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase === 'Running' && !pod.metadata.deletionTimestamp;

/** Computes metrics for one cluster at the API server's current time. */
export class MetricsUsage {
  private readonly options: Required<UsageOptions>;

  constructor(
    private readonly sim: SimApiServer,
    options: UsageOptions = DEFAULT_USAGE,
  ) {
    this.options = { ...DEFAULT_USAGE, ...options };
  }

  private get window(): number {
    return windowIndex(this.sim.now(), this.options.windowMs);
  }

  private stamp(): { timestamp: string; window: string } {
    const start = new Date(this.window * this.options.windowMs);
    return { timestamp: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), window: `${this.options.windowMs / 1000}s` };
  }

  /** Usage of each container of a pod in the current window (memory rounded down to whole KiB). */
  containerUsage(pod: KubeObject): ContainerUsage[] {
    const window = this.window;
    return (podSpec(pod).containers ?? []).map((container) => {
      const key = `${pod.metadata.uid ?? pod.metadata.name}/${container.name}`;
      const milliCpu = requestOf(container, 'cpu') ?? DEFAULT_REQUEST.milliCpu;
      const bytes = (requestOf(container, 'memory') ?? DEFAULT_REQUEST.bytes * 1000n) / 1000n;
      const nanocores = scaled(milliCpu * 1_000_000n, usageFraction(this.options, `${key}/cpu`, window));
      const memory = (scaled(bytes, usageFraction(this.options, `${key}/memory`, window)) / 1024n) * 1024n;
      return { name: container.name, nanocores, bytes: memory };
    });
  }

  /** Running pods, in one namespace or all. */
  runningPods(namespace?: string): KubeObject[] {
    return this.sim.list('pods', namespace).filter(isRunning);
  }

  /** The PodMetrics of a running pod. */
  podMetrics(pod: KubeObject): KubeObject {
    const { name, namespace, labels, creationTimestamp } = pod.metadata;
    const containers = this.containerUsage(pod).map((c) => ({ name: c.name, usage: { cpu: formatCpu(c.nanocores), memory: formatMemory(c.bytes) } }));
    return {
      kind: 'PodMetrics',
      apiVersion: METRICS_API_VERSION,
      metadata: { name, namespace, creationTimestamp, ...(labels ? { labels } : {}) },
      ...this.stamp(),
      containers,
    };
  }

  /** Exact usage of a node: the sum of its running pods plus {@link NODE_OVERHEAD}. */
  nodeUsage(nodeName: string): { nanocores: bigint; bytes: bigint } {
    const total = { ...NODE_OVERHEAD };
    const pods = this.runningPods().filter((pod) => podSpec(pod).nodeName === nodeName);
    for (const usage of pods.flatMap((pod) => this.containerUsage(pod))) {
      total.nanocores += usage.nanocores;
      total.bytes += usage.bytes;
    }
    return total;
  }

  /** The NodeMetrics of a node. */
  nodeMetrics(node: KubeObject): KubeObject {
    const { name, labels, creationTimestamp } = node.metadata;
    const usage = this.nodeUsage(name ?? '');
    return {
      kind: 'NodeMetrics',
      apiVersion: METRICS_API_VERSION,
      metadata: { name, creationTimestamp, ...(labels ? { labels } : {}) },
      ...this.stamp(),
      usage: { cpu: formatCpu(usage.nanocores), memory: formatMemory(usage.bytes) },
    };
  }
}
