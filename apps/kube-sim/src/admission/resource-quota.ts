// ResourceQuota admission: rejects a pod whose usage would exceed a quota of its namespace, with the
// 403 Forbidden message kube-apiserver writes.
import { ApiError, type AdmissionPlugin, type KubeObject, type SimApiServer } from '../apiserver/api-handler';
import { formatAmount, type ResourceAmounts } from '../controllers/resource-math.util';
import { isPodCreate } from './limit-ranger';
import { hardOf, namespaceUsage, podUsage } from './quota-usage.util';

const list = (names: string[], amounts: ResourceAmounts) => names.map((name) => `${name}=${formatAmount(name, amounts.get(name) ?? 0n)}`).join(',');

function check(api: SimApiServer, quota: KubeObject, pod: KubeObject): void {
  const hard = hardOf(quota);
  const requested = podUsage(pod);
  const used = namespaceUsage(api, quota.metadata.namespace ?? 'default', hard);
  const exceeded = [...hard.keys()].filter((name) => requested.has(name) && (used.get(name) ?? 0n) + (requested.get(name) ?? 0n) > (hard.get(name) ?? 0n)).sort();
  if (!exceeded.length) return;
  const message = `pods "${pod.metadata.name}" is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${list(exceeded, requested)}, used: ${list(exceeded, used)}, limited: ${list(exceeded, hard)}`;
  throw new ApiError(403, 'Forbidden', message, { name: pod.metadata.name, kind: 'pods' });
}

/** Validating admission of pod creates against the namespace's ResourceQuotas. */
export function resourceQuotaAdmission(api: SimApiServer): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    admit: (attrs) => {
      if (!isPodCreate(attrs)) return;
      for (const quota of api.list('resourcequotas', attrs.object.metadata.namespace ?? 'default')) check(api, quota, attrs.object);
    },
  };
}
