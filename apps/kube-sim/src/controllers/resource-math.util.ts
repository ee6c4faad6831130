// Resource arithmetic on exact quantities: every amount is held in thousandths (BigInt milli).
import { containerRequests as effectiveContainerRequests, formatQuantity, parseQuantity, podEffectiveRequests, toMilli } from '@flotilla/kube';
import type { KubeObject } from '../apiserver/api-handler';

/** Amounts by resource name, in thousandths of a unit. */
export type ResourceAmounts = Map<string, bigint>;

/** A container as the controllers read it. */
export interface ContainerSpec {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** The spec fields of a pod the controllers read. */
export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: string;
}

/** The spec of a pod object. */
export function podSpec(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

/** Parses a resource list ({cpu: "500m"}) into amounts; unparsable values count as zero. */
export function amountsOf(list: Record<string, string> | undefined): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(list ?? {})) out.set(name, safeMilli(value));
  return out;
}

function safeMilli(value: string): bigint {
  try {
    return toMilli(parseQuantity(String(value)));
  } catch {
    return 0n;
  }
}

/** a + b, per resource. */
export function addAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = new Map(a);
  for (const [name, value] of b) out.set(name, (out.get(name) ?? 0n) + value);
  return out;
}

function maxAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = new Map(a);
  for (const [name, value] of b) out.set(name, value > (out.get(name) ?? 0n) ? value : (out.get(name) ?? 0n));
  return out;
}

/** A container's effective requests: requests, else limits per resource (as API defaulting copies them). */
export function containerRequests(container: ContainerSpec): ResourceAmounts {
  return effectiveContainerRequests(container);
}

/**
 * A pod's requests as the scheduler counts them (containers and sidecars summed, at least the largest
 * init container, plus overhead: @flotilla/kube's podEffectiveRequests), or its limits (sum of its
 * containers, at least the largest init container).
 */
export function podRequests(pod: KubeObject, kind: 'requests' | 'limits' = 'requests'): ResourceAmounts {
  const spec = podSpec(pod);
  if (kind === 'requests') return podEffectiveRequests(spec);
  const of = (c: ContainerSpec) => amountsOf(c.resources?.limits);
  const sum = (spec.containers ?? []).map(of).reduce(addAmounts, new Map());
  const init = (spec.initContainers ?? []).map(of).reduce(maxAmounts, new Map());
  return maxAmounts(sum, init);
}

const BYTE_LIKE = /memory|storage/;

/** An amount as Kubernetes writes it ("500m", "2", "1Gi"). */
export function formatAmount(resource: string, milli: bigint): string {
  if (milli % 1000n !== 0n) return formatQuantity(milli, 'milli');
  return formatQuantity(milli / 1000n, BYTE_LIKE.test(resource) ? 'binary' : 'decimal');
}

/** Amounts back to a resource list. */
export function formatAmounts(amounts: ResourceAmounts): Record<string, string> {
  return Object.fromEntries([...amounts].map(([name, value]) => [name, formatAmount(name, value)]));
}

/** Whether a pod is done (its resources are free again). */
export function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Whether a pod has condition Ready=True. */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}
