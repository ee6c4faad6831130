// How the Deployment controller moves pods from old ReplicaSets to the new one, after upstream's
// rolling.go, recreate.go and sync.go: RollingUpdate within maxSurge/maxUnavailable, Recreate
// (every old pod gone before the new ReplicaSet scales up), and proportional scaling when the
// replicas change during a rollout.
import type { KubeObject } from '../apiserver/api-handler';
import { resolveFenceposts } from '../apiserver/deployment-strategy';
import {
  active,
  actualReplicas,
  availableReplicas,
  byCreation,
  DESIRED_REPLICAS,
  keptAvailable,
  MAX_REPLICAS,
  podCount,
  scaleReplicaSet,
  specReplicas,
  total,
  type DeploymentSync,
} from './deployment-replicasets';
import { isTerminal } from './resource-math.util';

/** What a rollout step did: the controller writes the status either way, and stops after a change. */
export type StepResult = boolean;

/** The size of the new ReplicaSet the strategy allows now (NewRSNewReplicas). */
export function newReplicaSetSize(sync: DeploymentSync, newSize: number): number {
  const replicas = specReplicas(sync.deploy);
  if ((sync.deploy.spec as { strategy?: { type?: string } }).strategy?.type === 'Recreate') return replicas;
  const maxTotal = replicas + resolveFenceposts(sync.deploy).maxSurge;
  const current = total(sync.oldRSs, podCount) + Math.max(newSize, sync.newRS ? podCount(sync.newRS) : 0);
  if (current >= maxTotal) return newSize;
  return newSize + Math.min(maxTotal - current, replicas - newSize);
}

function reconcileNewReplicaSet(sync: DeploymentSync, newRS: KubeObject): StepResult {
  const replicas = specReplicas(sync.deploy);
  const size = specReplicas(newRS);
  if (size === replicas) return false;
  const next = size > replicas ? replicas : newReplicaSetSize(sync, size);
  return next !== size && !!scaleReplicaSet(sync, newRS, next);
}

/** Scales down old ReplicaSets whose pods are not available, oldest first (cleanupUnhealthyReplicas). */
function cleanupUnhealthy(sync: DeploymentSync, maxCleanup: number): number {
  let cleaned = 0;
  for (const rs of [...sync.oldRSs].sort(byCreation)) {
    const unhealthy = specReplicas(rs) - keptAvailable(rs);
    if (cleaned >= maxCleanup) break;
    if (specReplicas(rs) === 0 || unhealthy === 0) continue;
    const count = Math.min(maxCleanup - cleaned, unhealthy);
    scaleReplicaSet(sync, rs, specReplicas(rs) - count);
    cleaned += count;
  }
  return cleaned;
}

/** Scales down old ReplicaSets as far as availability allows, oldest first. */
function scaleDownForRollingUpdate(sync: DeploymentSync, minAvailable: number): number {
  const available = total([...sync.oldRSs, sync.newRS], keptAvailable);
  if (available <= minAvailable) return 0;
  const wanted = available - minAvailable;
  let scaled = 0;
  for (const rs of [...sync.oldRSs].sort(byCreation)) {
    if (scaled >= wanted) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), wanted - scaled);
    scaleReplicaSet(sync, rs, specReplicas(rs) - count);
    scaled += count;
  }
  return scaled;
}

function reconcileOldReplicaSets(sync: DeploymentSync, newRS: KubeObject): StepResult {
  if (total(sync.oldRSs, specReplicas) === 0) return false;
  const minAvailable = specReplicas(sync.deploy) - resolveFenceposts(sync.deploy).maxUnavailable;
  const newUnavailable = specReplicas(newRS) - availableReplicas(newRS);
  const maxScaledDown = total([...sync.oldRSs, newRS], specReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthy(sync, maxScaledDown);
  return cleaned + scaleDownForRollingUpdate(sync, minAvailable) > 0;
}

/** One step of a RollingUpdate rollout: scale the new ReplicaSet up, else old ones down. */
export function rollingStep(sync: DeploymentSync, newRS: KubeObject): StepResult {
  if (reconcileNewReplicaSet(sync, newRS)) return true;
  return reconcileOldReplicaSets(sync, newRS);
}

/** Whether pods of old ReplicaSets still exist and are not terminal (oldPodsRunning). */
export function oldPodsRunning(sync: DeploymentSync, pods: readonly KubeObject[]): boolean {
  if (total(sync.oldRSs, actualReplicas) > 0) return true;
  const oldUids = new Set(sync.oldRSs.map((rs) => rs.metadata.uid));
  return pods.some((pod) => (pod.metadata.ownerReferences ?? []).some((ref) => ref.controller && oldUids.has(ref.uid)) && !isTerminal(pod));
}

/** Recreate, first half: scales every old ReplicaSet to 0; true when it changed one. */
export function recreateScaleDown(sync: DeploymentSync): StepResult {
  const olds = active(sync.oldRSs);
  for (const rs of olds) scaleReplicaSet(sync, rs, 0);
  return olds.length > 0;
}

function annotatedNumber(rs: KubeObject, key: string): number | undefined {
  const value = Number(rs.metadata.annotations?.[key]);
  return Number.isInteger(value) ? value : undefined;
}

/** Whether the replicas changed since the active ReplicaSets were sized (isScalingEvent). */
export function isScalingEvent(sync: DeploymentSync): boolean {
  const replicas = specReplicas(sync.deploy);
  return active([...sync.oldRSs, sync.newRS]).some((rs) => {
    const desired = annotatedNumber(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicas;
  });
}

function isSaturated(sync: DeploymentSync, rs: KubeObject | undefined): boolean {
  const replicas = specReplicas(sync.deploy);
  return !!rs && specReplicas(rs) === replicas && annotatedNumber(rs, DESIRED_REPLICAS) === replicas && availableReplicas(rs) === replicas;
}

/** The one active ReplicaSet, or the newest when none is active (FindActiveOrLatest). */
function activeOrLatest(sync: DeploymentSync): KubeObject | undefined {
  const sets = active([...sync.oldRSs, sync.newRS]);
  if (sets.length === 1) return sets[0];
  if (sets.length > 1) return undefined;
  return sync.newRS ?? [...sync.oldRSs].sort(byCreation).at(-1);
}

/** The change of one ReplicaSet's size in a proportional scale (GetProportion). */
function proportion(sync: DeploymentSync, rs: KubeObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === added) return 0;
  const replicas = specReplicas(sync.deploy);
  const allowed = toAdd - added;
  const maxNow = replicas + resolveFenceposts(sync.deploy).maxSurge;
  // without the annotation (edited away), upstream falls back to the Deployment's last counted size
  const maxBefore = annotatedNumber(rs, MAX_REPLICAS) || (sync.deploy.status as { replicas?: number } | undefined)?.replicas || maxNow;
  const fraction = replicas === 0 ? -specReplicas(rs) : Math.round((specReplicas(rs) * maxNow) / maxBefore) - specReplicas(rs);
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function scaleProportionally(sync: DeploymentSync): void {
  const sets = active([...sync.oldRSs, sync.newRS]);
  const replicas = specReplicas(sync.deploy);
  const allowed = replicas > 0 ? replicas + resolveFenceposts(sync.deploy).maxSurge : 0;
  const toAdd = allowed - total(sets, specReplicas);
  // larger first; on ties newer first when growing, older first when shrinking
  const order = (a: KubeObject, b: KubeObject) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b));
  sets.sort(order);
  let added = 0;
  const sizes = sets.map((rs) => {
    const change = toAdd === 0 ? 0 : proportion(sync, rs, toAdd, added);
    added += change;
    return specReplicas(rs) + change;
  });
  if (sets.length > 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  sets.forEach((rs, i) => scaleReplicaSet(sync, rs, sizes[i]));
}

/** Scales the ReplicaSets to a changed replica count without rolling (DeploymentController.scale). */
export function scaleDeployment(sync: DeploymentSync): void {
  const only = activeOrLatest(sync);
  if (only) {
    scaleReplicaSet(sync, only, specReplicas(sync.deploy));
    return;
  }
  if (isSaturated(sync, sync.newRS)) {
    for (const rs of active(sync.oldRSs)) scaleReplicaSet(sync, rs, 0);
    return;
  }
  if ((sync.deploy.spec as { strategy?: { type?: string } }).strategy?.type !== 'Recreate') scaleProportionally(sync);
}
