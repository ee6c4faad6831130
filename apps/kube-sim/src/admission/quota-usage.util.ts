// What pods count against a ResourceQuota: requests.*, limits.*, bare cpu/memory (= requests), pods,
// count/pods and extended resources (requests.<name>).
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { amountsOf, isTerminal, podRequests, type ResourceAmounts } from '../controllers/resource-math.util';

/** The quota resource names a pod's usage is reported under, in thousandths. */
export function podUsage(pod: KubeObject): ResourceAmounts {
  const usage: ResourceAmounts = new Map([
    ['pods', 1000n],
    ['count/pods', 1000n],
  ]);
  for (const [name, value] of podRequests(pod, 'requests')) {
    usage.set(`requests.${name}`, value);
    if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') usage.set(name, value);
  }
  for (const [name, value] of podRequests(pod, 'limits')) usage.set(`limits.${name}`, value);
  return usage;
}

/** Usage of the pods of a namespace that still hold resources, for the resources in `hard`. */
export function namespaceUsage(api: SimApiServer, namespace: string, hard: ResourceAmounts): ResourceAmounts {
  const used: ResourceAmounts = new Map([...hard.keys()].map((name) => [name, 0n]));
  for (const pod of api.list('pods', namespace)) {
    if (isTerminal(pod)) continue;
    for (const [name, value] of podUsage(pod)) if (used.has(name)) used.set(name, (used.get(name) ?? 0n) + value);
  }
  return used;
}

/** The hard limits of a quota. */
export function hardOf(quota: KubeObject): ResourceAmounts {
  return amountsOf((quota.spec as { hard?: Record<string, string> } | undefined)?.hard);
}
