// The ReplicaSets of a Deployment as its controller sees them (pkg/controller/deployment/util): sizes,
// revisions, the annotations that record the size a Deployment asked for, and scaling with the
// ScalingReplicaSet event.
import { createHash } from 'node:crypto';
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { resolveFenceposts } from '../apiserver/deployment-strategy';
import { controllerRef, recordEvent } from './object.util';
import { desiredReplicas } from './replicaset.controller';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

type RsStatus = { replicas?: number; readyReplicas?: number; availableReplicas?: number };
type Template = { metadata?: { labels?: Record<string, string> } };
type DeploymentSpec = { selector?: { matchLabels?: Record<string, string> }; template?: Template; minReadySeconds?: number };

/** One Deployment being synced: the object as last written, and its ReplicaSets. */
export interface DeploymentSync {
  api: SimApiServer;
  deploy: KubeObject;
  /** The ReplicaSet of the current pod template, if there is one. */
  newRS?: KubeObject;
  oldRSs: KubeObject[];
}

/** The pod-template-hash of a template: stable, 10 characters from the kube alphabet. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return Array.from(digest.subarray(0, 10), (byte) => HASH_ALPHABET[byte % HASH_ALPHABET.length]).join('');
}

/** spec.replicas of a ReplicaSet or Deployment. */
export const specReplicas = (obj: KubeObject): number => desiredReplicas(obj);
const statusOf = (rs: KubeObject) => (rs.status ?? {}) as RsStatus;
/** status.replicas: the pods the ReplicaSet controller last counted. */
export const actualReplicas = (rs: KubeObject): number => statusOf(rs).replicas ?? 0;
/** status.readyReplicas. */
export const readyReplicas = (rs: KubeObject): number => statusOf(rs).readyReplicas ?? 0;
/** status.availableReplicas. */
export const availableReplicas = (rs: KubeObject): number => statusOf(rs).availableReplicas ?? 0;

/**
 * Pods a ReplicaSet has or is about to have. Upstream counts spec.replicas only; kube-sim also counts
 * the pods a scale-down has not removed yet, so a rollout never overshoots maxSurge in between.
 */
export const podCount = (rs: KubeObject): number => Math.max(specReplicas(rs), actualReplicas(rs));
/** Available pods a ReplicaSet keeps: a stale status does not count pods a scale-down removes. */
export const keptAvailable = (rs: KubeObject): number => Math.min(availableReplicas(rs), specReplicas(rs));

/** The sum of a count over ReplicaSets. */
export function total(sets: (KubeObject | undefined)[], count: (rs: KubeObject) => number): number {
  return sets.reduce((sum, rs) => sum + (rs ? count(rs) : 0), 0);
}

/** ReplicaSets that still ask for pods. */
export const active = (sets: (KubeObject | undefined)[]): KubeObject[] => sets.filter((rs): rs is KubeObject => !!rs && specReplicas(rs) > 0);

/** Oldest first (ReplicaSetsByCreationTimestamp). */
export const byCreation = (a: KubeObject, b: KubeObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/** The revision annotation of an object (0 when absent). */
export const revisionOf = (obj: KubeObject): number => Number(obj.metadata.annotations?.[REVISION] ?? 0) || 0;

/** The replicas and max replicas a ReplicaSet was last sized for, as annotations. */
function sizeAnnotations(deploy: KubeObject): Record<string, string> {
  const replicas = specReplicas(deploy);
  return { [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + resolveFenceposts(deploy).maxSurge) };
}

/** A new ReplicaSet for the Deployment's current template. */
export function newReplicaSetFor(deploy: KubeObject, hash: string, replicas: number, revision: number): KubeObject {
  const spec = deploy.spec as DeploymentSpec;
  const template = structuredClone(spec.template ?? {});
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  const selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } };
  const annotations = { ...sizeAnnotations(deploy), [REVISION]: String(revision) };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${deploy.metadata.name}-${hash}`, namespace: deploy.metadata.namespace, labels: template.metadata.labels, ownerReferences: [controllerRef(deploy)], annotations },
    spec: { replicas, minReadySeconds: spec.minReadySeconds ?? 0, selector, template },
  };
}

function scaledEvent(sync: DeploymentSync, rs: KubeObject, from: number, to: number): void {
  const direction = to > from ? 'up' : 'down';
  const message = `Scaled ${direction} replica set ${rs.metadata.name} from ${from} to ${to}`;
  recordEvent(sync.api, sync.deploy, { reason: 'ScalingReplicaSet', message, type: 'Normal', component: 'deployment-controller' });
}

/**
 * Sets a ReplicaSet's replicas and size annotations (scaleReplicaSet); records ScalingReplicaSet when
 * the size changes. Returns the stored ReplicaSet and puts it in place of the old one in `sync`.
 */
export function scaleReplicaSet(sync: DeploymentSync, rs: KubeObject, replicas: number): KubeObject {
  const from = specReplicas(rs);
  const annotations = { ...rs.metadata.annotations, ...sizeAnnotations(sync.deploy) };
  const sameAnnotations = JSON.stringify(annotations) === JSON.stringify({ ...rs.metadata.annotations });
  if (from === replicas && sameAnnotations) return rs;
  const updated = sync.api.update({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...(rs.spec as object), replicas } });
  if (from !== replicas) scaledEvent(sync, updated, from, replicas);
  if (sync.newRS === rs) sync.newRS = updated;
  sync.oldRSs = sync.oldRSs.map((old) => (old === rs ? updated : old));
  return updated;
}
