// What a pod occupies on its node, as kube-scheduler and `kubectl describe node` count it.
import { addAmounts, amountsOf, maxAmounts, type ResourceAmounts } from './resource-amounts';

/** The resources of one container of a pod spec. */
export interface ContainerResources {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** "Always" on an init container makes it a sidecar that runs beside the app containers. */
  restartPolicy?: string;
}

/** The parts of a pod spec that decide its requests. */
export interface PodResources {
  containers?: ContainerResources[];
  initContainers?: ContainerResources[];
  /** RuntimeClass overhead, added on top. */
  overhead?: Record<string, string>;
}

/** A container's requests; a resource with a limit and no request requests its limit (API defaulting). */
export function containerRequests(container: ContainerResources): ResourceAmounts {
  return new Map([...amountsOf(container.resources?.limits), ...amountsOf(container.resources?.requests)]);
}

/**
 * A pod's effective requests: the app containers and sidecars (restartable init containers) summed,
 * at least the largest regular init container plus the sidecars started before it, plus overhead —
 * Kubernetes' resourcehelper.PodRequests.
 */
export function podEffectiveRequests(spec: PodResources): ResourceAmounts {
  let sum = (spec.containers ?? []).map(containerRequests).reduce(addAmounts, new Map() as ResourceAmounts);
  let sidecars: ResourceAmounts = new Map();
  let init: ResourceAmounts = new Map();
  for (const container of spec.initContainers ?? []) {
    const requests = containerRequests(container);
    if (container.restartPolicy === 'Always') {
      sum = addAmounts(sum, requests);
      sidecars = addAmounts(sidecars, requests);
      init = maxAmounts(init, sidecars);
    } else {
      init = maxAmounts(init, addAmounts(requests, sidecars));
    }
  }
  return addAmounts(maxAmounts(sum, init), amountsOf(spec.overhead));
}
