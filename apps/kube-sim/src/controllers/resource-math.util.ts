// What the controllers read of pods in resource terms. The arithmetic on exact quantities (every
// amount in thousandths, bigint milli) is @flotilla/kube's, shared with the registry's fit query.
import { addAmounts, amountsOf, maxAmounts, podEffectiveRequests, type ResourceAmounts } from '@flotilla/kube';
import type { KubeObject } from '../apiserver/api-handler';

export { addAmounts, amountsOf, containerRequests, formatAmount, formatAmounts, type ResourceAmounts } from '@flotilla/kube';

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
