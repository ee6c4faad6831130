// The StatefulSet controller: pods <name>-0..N-1, created in order (each once the previous is Ready),
// removed from the highest ordinal.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { byControllerUid, statusDiffers } from './object.util';
import type { ControllerSpec } from './reconcile-loop';
import { desiredReplicas, podFromTemplate } from './replicaset.controller';
import { isPodReady } from './resource-math.util';

function ordinalOf(set: KubeObject, pod: KubeObject): number {
  return Number((pod.metadata.name ?? '').slice((set.metadata.name ?? '').length + 1));
}

function createNext(api: SimApiServer, set: KubeObject, pods: readonly KubeObject[], want: number): void {
  const byOrdinal = new Map(pods.map((pod) => [ordinalOf(set, pod), pod]));
  for (let i = 0; i < want; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      const name = `${set.metadata.name}-${i}`;
      const created = podFromTemplate(set, { name }, { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) });
      const spec = created.spec as Record<string, unknown>;
      created.spec = { ...spec, hostname: name, subdomain: (set.spec as { serviceName?: string }).serviceName };
      api.create(created);
      return;
    }
    if (!isPodReady(pod)) return;
  }
}

function syncStatefulSet(api: SimApiServer, set: KubeObject, owned: readonly KubeObject[]): void {
  const pods = owned.filter((pod) => !pod.metadata.deletionTimestamp);
  const want = desiredReplicas(set);
  const extra = pods.filter((pod) => ordinalOf(set, pod) >= want).sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  if (extra.length) api.delete('pods', extra[0].metadata.namespace, extra[0].metadata.name ?? '');
  else createNext(api, set, pods, want);
  const ready = pods.filter(isPodReady).length;
  const status = { observedGeneration: set.metadata.generation ?? 1, replicas: pods.length, readyReplicas: ready, currentReplicas: pods.length, updatedReplicas: pods.length, availableReplicas: ready };
  if (statusDiffers(set, status)) api.updateStatus({ ...set, status });
}

/** Reconciles every StatefulSet against its ordinal pods. */
export function statefulSetController(api: SimApiServer): ControllerSpec {
  return {
    name: 'statefulset-controller',
    watches: ['statefulsets.apps', 'pods'],
    reconcile: () => {
      const sets = api.scan('statefulsets.apps');
      if (sets.length === 0) return;
      const pods = byControllerUid(api.scan('pods'));
      for (const set of sets) syncStatefulSet(api, set, pods.get(set.metadata.uid ?? '') ?? []);
    },
  };
}
