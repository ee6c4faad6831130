// The Deployment controller: one ReplicaSet per pod template (pod-template-hash), rolling from old to
// new, with the status `kubectl rollout status` reads.
import { createHash } from 'node:crypto';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { controllerRef, isControlledBy, isoNow, statusDiffers, withCondition, type Condition } from './object.util';
import type { ControllerSpec } from './reconcile-loop';
import { desiredReplicas } from './replicaset.controller';

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The pod-template-hash of a template: stable, 10 characters from the kube alphabet. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return Array.from(digest.subarray(0, 10), (byte) => HASH_ALPHABET[byte % HASH_ALPHABET.length]).join('');
}

type RsStatus = { replicas?: number; readyReplicas?: number; availableReplicas?: number };

const statusOf = (rs: KubeObject) => (rs.status ?? {}) as RsStatus;
const sum = (list: KubeObject[], field: keyof RsStatus) => list.reduce((n, rs) => n + (statusOf(rs)[field] ?? 0), 0);

function newReplicaSet(deploy: KubeObject, hash: string, replicas: number): KubeObject {
  const spec = deploy.spec as { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } };
  const template = structuredClone(spec.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  const selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${deploy.metadata.name}-${hash}`, namespace: deploy.metadata.namespace, labels: template.metadata.labels, ownerReferences: [controllerRef(deploy)], annotations: { 'deployment.kubernetes.io/desired-replicas': String(desiredReplicas(deploy)) } },
    spec: { replicas, selector, template },
  };
}

function scale(api: SimApiServer, rs: KubeObject, replicas: number): void {
  if (desiredReplicas(rs) !== replicas) api.update({ ...rs, spec: { ...(rs.spec as object), replicas } });
}

function rollout(api: SimApiServer, deploy: KubeObject, owned: KubeObject[]): { current: KubeObject; old: KubeObject[] } {
  const want = desiredReplicas(deploy);
  const hash = templateHash((deploy.spec as { template?: unknown }).template);
  const existing = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const old = owned.filter((rs) => rs !== existing);
  const current = existing ?? api.create(newReplicaSet(deploy, hash, want));
  scale(api, current, want);
  const newAvailable = statusOf(current).availableReplicas ?? 0;
  let budget = Math.max(0, want - newAvailable);
  for (const rs of old) {
    const keep = Math.min(desiredReplicas(rs), budget);
    budget -= keep;
    scale(api, rs, keep);
  }
  return { current, old };
}

function deploymentStatus(api: SimApiServer, deploy: KubeObject, current: KubeObject, all: KubeObject[]) {
  const want = desiredReplicas(deploy);
  const now = isoNow(api);
  const updated = statusOf(current).replicas ?? 0;
  const available = sum(all, 'availableReplicas');
  const replicas = sum(all, 'replicas');
  const complete = updated === want && replicas === want && available === want;
  const conditions0 = ((deploy.status ?? {}) as { conditions?: Condition[] }).conditions;
  const availableCond = available >= want
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
  const progressing = complete
    ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${current.metadata.name}" has successfully progressed.` }
    : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${current.metadata.name}" is progressing.` };
  const stamp = (c: Condition) => ({ ...c, lastUpdateTime: now, lastTransitionTime: now });
  const keepStamps = (c: Condition) => ({ ...c, lastUpdateTime: conditions0?.find((o) => o.type === c.type && o.reason === c.reason)?.lastUpdateTime ?? now });
  const conditions = [availableCond, progressing].map(stamp).map(keepStamps).reduce((list: Condition[], c) => withCondition(list, c), conditions0 ?? []);
  return { observedGeneration: deploy.metadata.generation ?? 1, replicas, updatedReplicas: updated, readyReplicas: sum(all, 'readyReplicas'), availableReplicas: available, unavailableReplicas: Math.max(0, want - available), conditions };
}

function syncDeployment(api: SimApiServer, deploy: KubeObject, sets: KubeObject[]): void {
  if (deploy.metadata.deletionTimestamp) return;
  const owned = sets.filter((rs) => isControlledBy(rs, deploy.metadata.uid));
  const { current, old } = rollout(api, deploy, owned);
  const status = deploymentStatus(api, deploy, current, [current, ...old]);
  if (statusDiffers(deploy, status)) api.updateStatus({ ...deploy, status });
}

/** Reconciles every Deployment against the ReplicaSets it controls. */
export function deploymentController(api: SimApiServer): ControllerSpec {
  return {
    name: 'deployment-controller',
    watches: ['deployments.apps', 'replicasets.apps'],
    reconcile: () => {
      const sets = api.list('replicasets.apps');
      for (const deploy of api.list('deployments.apps')) syncDeployment(api, deploy, sets);
    },
  };
}
