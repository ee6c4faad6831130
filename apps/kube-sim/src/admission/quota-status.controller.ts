// Keeps every ResourceQuota's status.hard and status.used current.
import type { SimApiServer } from '../apiserver/api-handler';
import { statusDiffers } from '../controllers/object.util';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { formatAmounts } from '../controllers/resource-math.util';
import { hardOf, namespaceUsage } from './quota-usage.util';

/** The resource quota controller (usage only). */
export function quotaStatusController(api: SimApiServer): ControllerSpec {
  return {
    name: 'resourcequota-controller',
    watches: ['resourcequotas', 'pods'],
    reconcile: () => {
      for (const quota of api.list('resourcequotas')) {
        const spec = (quota.spec ?? {}) as { hard?: Record<string, string> };
        const status = { hard: { ...spec.hard }, used: formatAmounts(namespaceUsage(api, quota.metadata.namespace ?? 'default', hardOf(quota))) };
        if (statusDiffers(quota, status)) api.updateStatus({ ...quota, status });
      }
    },
  };
}
