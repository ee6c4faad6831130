// A Deployment's status as upstream's sync.go and progress.go write it: counts summed over its
// ReplicaSets (zeros omitted, as the Go types do), Available against replicas - maxUnavailable, and
// Progressing with NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable or
// ProgressDeadlineExceeded.
import type { KubeObject } from '../apiserver/api-handler';
import { resolveFenceposts } from '../apiserver/deployment-strategy';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas, total, type DeploymentSync } from './deployment-replicasets';
import type { Condition } from './object.util';

/** The status fields of a Deployment. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

const NO_DEADLINE = 2147483647;
const PROGRESSING = 'Progressing';

/** What a condition says. */
export type ConditionFacts = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

/** A condition stamped now (NewDeploymentCondition). */
export function deploymentCondition({ type, status, reason, message }: ConditionFacts, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** Replaces the condition of the same type unless status and reason are unchanged (SetDeploymentCondition). */
export function setCondition(status: DeploymentStatus, next: Condition): void {
  const current = status.conditions?.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return;
  const merged = current?.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== next.type), merged];
}

/** The Progressing condition of a status. */
export const progressingOf = (status: DeploymentStatus | undefined) => status?.conditions?.find((c) => c.type === PROGRESSING);

/** The Deployment's status as last written. */
export const currentStatus = (deploy: KubeObject) => (deploy.status ?? {}) as DeploymentStatus;

/** progressDeadlineSeconds in ms, or undefined when the Deployment has none. */
export function progressDeadlineMs(deploy: KubeObject): number | undefined {
  const seconds = (deploy.spec as { progressDeadlineSeconds?: number }).progressDeadlineSeconds;
  return seconds === undefined || seconds === NO_DEADLINE ? undefined : seconds * 1000;
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

/** The counts and the Available condition (calculateStatus). */
export function calculateStatus(sync: DeploymentSync, now: string): DeploymentStatus {
  const all = [...sync.oldRSs, sync.newRS];
  const replicas = specReplicas(sync.deploy);
  const available = total(all, availableReplicas);
  const counts = withoutZeros({
    replicas: total(all, actualReplicas),
    updatedReplicas: sync.newRS ? actualReplicas(sync.newRS) : 0,
    readyReplicas: total(all, readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total(all, specReplicas) - available),
  });
  const previous = currentStatus(sync.deploy);
  const status: DeploymentStatus = { observedGeneration: sync.deploy.metadata.generation ?? 1, ...counts, conditions: [...(previous.conditions ?? [])] };
  if (previous.collisionCount !== undefined) status.collisionCount = previous.collisionCount;
  const enough = available >= replicas - resolveFenceposts(sync.deploy).maxUnavailable;
  setCondition(
    status,
    enough
      ? deploymentCondition({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, now)
      : deploymentCondition({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now),
  );
  return status;
}

/** All replicas updated, counted and available for the current generation (DeploymentComplete). */
export function isComplete(deploy: KubeObject, status: DeploymentStatus): boolean {
  const replicas = specReplicas(deploy);
  return (status.updatedReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas && (status.availableReplicas ?? 0) === replicas && (status.observedGeneration ?? 0) >= (deploy.metadata.generation ?? 1);
}

/** New pods updated, ready or available, or old ones gone, since the last status (DeploymentProgressing). */
function madeProgress(deploy: KubeObject, next: DeploymentStatus): boolean {
  const old = currentStatus(deploy);
  const n = (value: number | undefined) => value ?? 0;
  const oldOld = n(old.replicas) - n(old.updatedReplicas);
  const newOld = n(next.replicas) - n(next.updatedReplicas);
  return n(next.updatedReplicas) > n(old.updatedReplicas) || newOld < oldOld || n(next.readyReplicas) > n(old.readyReplicas) || n(next.availableReplicas) > n(old.availableReplicas);
}

/** Whether the Progressing condition has not moved for progressDeadlineSeconds (DeploymentTimedOut). */
export function timedOut(deploy: KubeObject, status: DeploymentStatus, nowMs: number): boolean {
  const deadline = progressDeadlineMs(deploy);
  const condition = progressingOf(status);
  if (deadline === undefined || !condition || condition.reason === 'NewReplicaSetAvailable') return false;
  if (condition.reason === 'ProgressDeadlineExceeded') return true;
  return Date.parse(String(condition.lastUpdateTime)) + deadline < nowMs;
}

function subject(sync: DeploymentSync): string {
  return sync.newRS ? `ReplicaSet "${sync.newRS.metadata.name}"` : `Deployment "${sync.deploy.metadata.name}"`;
}

function progressCondition(sync: DeploymentSync, status: DeploymentStatus, now: { iso: string; ms: number }): void {
  const { deploy } = sync;
  if (isComplete(deploy, status)) {
    setCondition(status, deploymentCondition({ type: PROGRESSING, status: 'True', reason: 'NewReplicaSetAvailable', message: `${subject(sync)} has successfully progressed.` }, now.iso));
  } else if (madeProgress(deploy, status)) {
    // progress refreshes lastUpdateTime even when the reason stays ReplicaSetUpdated
    const current = progressingOf(currentStatus(deploy));
    const condition = deploymentCondition({ type: PROGRESSING, status: 'True', reason: 'ReplicaSetUpdated', message: `${subject(sync)} is progressing.` }, now.iso);
    if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
    status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== PROGRESSING), condition];
  } else if (timedOut(deploy, status, now.ms)) {
    setCondition(status, deploymentCondition({ type: PROGRESSING, status: 'False', reason: 'ProgressDeadlineExceeded', message: `${subject(sync)} has timed out progressing.` }, now.iso));
  }
}

/** The status after a rollout step, with the Progressing condition (syncRolloutStatus). */
export function rolloutStatus(sync: DeploymentSync, now: { iso: string; ms: number }): DeploymentStatus {
  const status = calculateStatus(sync, now.iso);
  if (progressDeadlineMs(sync.deploy) === undefined) {
    status.conditions = status.conditions?.filter((c) => c.type !== PROGRESSING);
    return status;
  }
  const current = progressingOf(currentStatus(sync.deploy));
  const settled = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (!settled) progressCondition(sync, status, now);
  return status;
}

/** When to look again for a stuck rollout's deadline (requeueStuckDeployment), or undefined. */
export function deadlineCheckInMs(deploy: KubeObject, status: DeploymentStatus, nowMs: number): number | undefined {
  const deadline = progressDeadlineMs(deploy);
  const condition = progressingOf(status);
  if (deadline === undefined || !condition || isComplete(deploy, status) || condition.reason === 'ProgressDeadlineExceeded') return undefined;
  return Math.max(0, Date.parse(String(condition.lastUpdateTime)) + deadline - nowMs + 1000);
}
