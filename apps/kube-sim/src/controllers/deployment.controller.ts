// The Deployment controller (after upstream's pkg/controller/deployment): one ReplicaSet per pod
// template (pod-template-hash) with revisions, RollingUpdate within maxSurge/maxUnavailable or
// Recreate, proportional scaling, pause, revisionHistoryLimit, and the status and conditions
// `kubectl rollout status` reads.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import {
  actualReplicas,
  byCreation,
  newReplicaSetFor,
  REVISION,
  revisionOf,
  scaleReplicaSet,
  specReplicas,
  templateHash,
  type DeploymentSync,
} from './deployment-replicasets';
import { isScalingEvent, newReplicaSetSize, oldPodsRunning, recreateScaleDown, rollingStep, scaleDeployment } from './deployment-rollout';
import {
  calculateStatus,
  currentStatus,
  deadlineCheckInMs,
  deploymentCondition,
  isComplete,
  progressDeadlineMs,
  progressingOf,
  rolloutStatus,
  setCondition,
  type DeploymentStatus,
} from './deployment-status';
import { isControlledBy, isoNow, recordEvent, statusDiffers } from './object.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';

type Now = { iso: string; ms: number };

const isPaused = (deploy: KubeObject) => (deploy.spec as { paused?: boolean }).paused === true;
const isRecreate = (deploy: KubeObject) => (deploy.spec as { strategy?: { type?: string } }).strategy?.type === 'Recreate';

function writeStatus(sync: DeploymentSync, status: DeploymentStatus): void {
  if (statusDiffers(sync.deploy, status)) sync.deploy = sync.api.updateStatus({ ...sync.deploy, status });
}

function setRevision(sync: DeploymentSync, revision: string): void {
  if (sync.deploy.metadata.annotations?.[REVISION] === revision) return;
  sync.deploy = sync.api.update({ ...sync.deploy, metadata: { ...sync.deploy.metadata, annotations: { ...sync.deploy.metadata.annotations, [REVISION]: revision } } });
}

/** Gives an existing new ReplicaSet the newest revision (a template rolled back to). */
function syncRevision(sync: DeploymentSync, newRS: KubeObject, revision: number): void {
  if (revisionOf(newRS) < revision) {
    const annotations = { ...newRS.metadata.annotations, [REVISION]: String(revision) };
    sync.newRS = sync.api.update({ ...newRS, metadata: { ...newRS.metadata, annotations } });
  }
  setRevision(sync, String(revisionOf(sync.newRS ?? newRS)));
}

function createNewReplicaSet(sync: DeploymentSync, revision: number, now: Now): void {
  const { api, deploy } = sync;
  const replicas = newReplicaSetSize(sync, 0);
  const created = api.create(newReplicaSetFor(deploy, templateHash((deploy.spec as { template?: unknown }).template), replicas, revision));
  sync.newRS = created;
  if (replicas > 0) {
    recordEvent(api, deploy, { reason: 'ScalingReplicaSet', message: `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`, type: 'Normal', component: 'deployment-controller' });
  }
  setRevision(sync, String(revision));
  if (progressDeadlineMs(sync.deploy) === undefined) return;
  const status = { ...currentStatus(sync.deploy) };
  setCondition(status, deploymentCondition({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${created.metadata.name}"` }, now.iso));
  writeStatus(sync, status);
}

/** Finds (and, when asked, creates) the ReplicaSet of the current template (getAllReplicaSetsAndSyncRevision). */
function ensureNewReplicaSet(sync: DeploymentSync, create: boolean, now: Now): void {
  const revision = Math.max(0, ...sync.oldRSs.map(revisionOf)) + 1;
  if (sync.newRS) syncRevision(sync, sync.newRS, revision);
  else if (create) createNewReplicaSet(sync, revision, now);
}

/** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit (cleanupDeployment). */
function cleanupHistory(sync: DeploymentSync): void {
  const limit = (sync.deploy.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit;
  if (limit === undefined) return;
  const settled = (rs: KubeObject) => ((rs.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 1);
  const cleanable = sync.oldRSs.filter((rs) => specReplicas(rs) === 0 && actualReplicas(rs) === 0 && !rs.metadata.deletionTimestamp && settled(rs));
  const doomed = cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b)).slice(0, Math.max(0, cleanable.length - limit));
  for (const rs of doomed) sync.api.delete('replicasets.apps', rs.metadata.namespace, rs.metadata.name ?? '');
  sync.oldRSs = sync.oldRSs.filter((rs) => !doomed.includes(rs));
}

/** Progressing Unknown with DeploymentPaused / DeploymentResumed (checkPausedConditions). */
function checkPausedConditions(sync: DeploymentSync, now: Now): void {
  const condition = progressingOf(currentStatus(sync.deploy));
  if (progressDeadlineMs(sync.deploy) === undefined || condition?.reason === 'ProgressDeadlineExceeded') return;
  const pausedBefore = condition?.reason === 'DeploymentPaused';
  if (isPaused(sync.deploy) === pausedBefore) return;
  const status = { ...currentStatus(sync.deploy) };
  const next = isPaused(sync.deploy)
    ? deploymentCondition({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, now.iso)
    : deploymentCondition({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' }, now.iso);
  setCondition(status, next);
  writeStatus(sync, status);
}

function rolloutRecreate(sync: DeploymentSync, pods: readonly KubeObject[], now: Now): void {
  ensureNewReplicaSet(sync, false, now);
  if (recreateScaleDown(sync) || oldPodsRunning(sync, pods)) return;
  if (!sync.newRS) ensureNewReplicaSet(sync, true, now);
  if (sync.newRS) scaleReplicaSet(sync, sync.newRS, specReplicas(sync.deploy));
  if (isComplete(sync.deploy, currentStatus(sync.deploy))) cleanupHistory(sync);
}

function rolloutRolling(sync: DeploymentSync, now: Now): void {
  ensureNewReplicaSet(sync, true, now);
  if (sync.newRS && rollingStep(sync, sync.newRS)) return;
  if (isComplete(sync.deploy, currentStatus(sync.deploy))) cleanupHistory(sync);
}

/** Scaling without a rollout: paused Deployments and changed replicas (DeploymentController.sync). */
function scaleOnly(sync: DeploymentSync, now: Now): void {
  ensureNewReplicaSet(sync, false, now);
  scaleDeployment(sync);
  if (isPaused(sync.deploy)) cleanupHistory(sync);
  writeStatus(sync, calculateStatus(sync, now.iso));
}

function syncDeployment(api: SimApiServer, deploy: KubeObject, world: { sets: readonly KubeObject[]; pods: readonly KubeObject[] }, control: LoopControl): void {
  if (deploy.metadata.deletionTimestamp) return;
  const owned = world.sets.filter((rs) => isControlledBy(rs, deploy.metadata.uid));
  const hash = templateHash((deploy.spec as { template?: unknown }).template);
  const newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const sync: DeploymentSync = { api, deploy, newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
  const now = { iso: isoNow(api), ms: api.now().getTime() };
  checkPausedConditions(sync, now);
  if (isPaused(sync.deploy) || isScalingEvent(sync)) return scaleOnly(sync, now);
  if (isRecreate(sync.deploy)) rolloutRecreate(sync, world.pods, now);
  else rolloutRolling(sync, now);
  const status = rolloutStatus(sync, now);
  writeStatus(sync, status);
  const recheck = deadlineCheckInMs(sync.deploy, status, now.ms);
  if (recheck !== undefined) control.requeueAfter(recheck);
}

/** Reconciles every Deployment against the ReplicaSets it controls (and, for Recreate, their pods). */
export function deploymentController(api: SimApiServer): ControllerSpec {
  return {
    name: 'deployment-controller',
    watches: ['deployments.apps', 'replicasets.apps', 'pods'],
    reconcile: (control) => {
      const deployments = api.scan('deployments.apps');
      if (deployments.length === 0) return;
      const world = { sets: api.scan('replicasets.apps'), pods: api.scan('pods') };
      for (const deploy of deployments) syncDeployment(api, deploy, world, control);
    },
  };
}
