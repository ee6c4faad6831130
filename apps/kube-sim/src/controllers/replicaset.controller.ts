// The ReplicaSet controller: keeps `spec.replicas` pods from the template and reports their readiness.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { byControllerUid, controllerRef, statusDiffers } from './object.util';
import type { ControllerSpec } from './reconcile-loop';
import { isPodReady, isTerminal } from './resource-math.util';

/** The replicas an apps/v1 workload asks for (default 1). */
export function desiredReplicas(obj: KubeObject): number {
  const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };

function templateOf(obj: KubeObject): Template {
  return ((obj.spec as { template?: Template } | undefined)?.template ?? {}) as Template;
}

/** A pod from a workload's template, owned by it. */
export function podFromTemplate(owner: KubeObject, name: { name?: string; generateName?: string }, extraLabels: Record<string, string> = {}): KubeObject {
  const template = templateOf(owner);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...name, namespace: owner.metadata.namespace, labels: { ...template.metadata?.labels, ...extraLabels }, annotations: template.metadata?.annotations, ownerReferences: [controllerRef(owner)] },
    spec: structuredClone(template.spec ?? {}),
  };
}

const removalOrder = (a: KubeObject, b: KubeObject) => Number(isPodReady(a)) - Number(isPodReady(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');

function syncReplicaSet(api: SimApiServer, rs: KubeObject, owned: readonly KubeObject[]): void {
  const pods = owned.filter((pod) => !pod.metadata.deletionTimestamp && !isTerminal(pod));
  const want = rs.metadata.deletionTimestamp ? 0 : desiredReplicas(rs);
  for (let i = pods.length; i < want; i++) api.create(podFromTemplate(rs, { generateName: `${rs.metadata.name}-` }));
  for (const pod of [...pods].sort(removalOrder).slice(0, Math.max(0, pods.length - want))) api.delete('pods', pod.metadata.namespace, pod.metadata.name ?? '');
  const kept = pods.length > want ? [...pods].sort(removalOrder).slice(pods.length - want) : pods;
  const ready = kept.filter(isPodReady).length;
  const count = want;
  const status = { replicas: count, fullyLabeledReplicas: count, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
  if (statusDiffers(rs, status)) api.updateStatus({ ...rs, status });
}

/** Reconciles every ReplicaSet against the pods it controls. */
export function replicaSetController(api: SimApiServer): ControllerSpec {
  return {
    name: 'replicaset-controller',
    watches: ['replicasets.apps', 'pods'],
    reconcile: () => {
      const sets = api.scan('replicasets.apps');
      if (sets.length === 0) return;
      const pods = byControllerUid(api.scan('pods'));
      for (const rs of sets) syncReplicaSet(api, rs, pods.get(rs.metadata.uid ?? '') ?? []);
    },
  };
}
