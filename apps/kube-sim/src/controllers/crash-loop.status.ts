// Pod status of a crash-looping pod as a kubelet reports it: the crashed container Terminated (exit
// code, reason Error) in lastState, waiting in CrashLoopBackOff or running again, restartCount up.
import type { KubeObject } from '../apiserver/api-handler';
import { withCondition, type Condition } from './object.util';

/** kubelet's container restart back-off: 10 s doubling per restart, at most 5 minutes. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** The back-off after a crash with `restarts` restarts so far: none before the first restart, then 10 s, 20 s, … 300 s. */
export function backoffMs(restarts: number): number {
  if (restarts <= 0) return 0;
  return Math.min(BACKOFF_INITIAL_MS * 2 ** (restarts - 1), BACKOFF_MAX_MS);
}

/** A container status as the API shows it (the fields this module touches). */
export interface ContainerStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  containerID?: string;
  state?: Record<string, Record<string, unknown>>;
  lastState?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** How the crashing containers of a pod stand now. */
export type CrashStep = { kind: 'backoff'; backoffMs: number } | { kind: 'running' };

/** Which containers crash, how, and when. */
export interface CrashContext {
  containers: (name: string) => boolean;
  exitCode: number;
  restarts: number;
  now: string;
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

function terminated(status: ContainerStatus, ctx: CrashContext): Record<string, unknown> {
  const startedAt = (status.state?.running?.startedAt as string | undefined) ?? ctx.now;
  return { exitCode: ctx.exitCode, reason: 'Error', startedAt, finishedAt: ctx.now, containerID: status.containerID };
}

function stepContainer(pod: KubeObject, status: ContainerStatus, step: CrashStep, ctx: CrashContext): ContainerStatus {
  if (!ctx.containers(status.name)) return status;
  const lastState = status.state?.running ? { terminated: terminated(status, ctx) } : status.lastState;
  if (step.kind === 'running') {
    return { ...status, ready: true, started: true, restartCount: ctx.restarts, lastState, state: { running: { startedAt: ctx.now } } };
  }
  const message = `back-off ${step.backoffMs / 1000}s restarting failed container=${status.name} pod=${podKey(pod)}`;
  return { ...status, ready: false, started: false, restartCount: ctx.restarts, lastState, state: { waiting: { reason: 'CrashLoopBackOff', message } } };
}

function readiness(statuses: ContainerStatus[], now: string, conditions: Condition[] | undefined): Condition[] {
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const ready = unready.length === 0;
  const extra = ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  let next = conditions ?? [];
  for (const type of ['Ready', 'ContainersReady']) next = withCondition(next, { type, status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, ...extra });
  return next;
}

/** The pod's status after its crashing containers take `step`. */
export function crashLoopStatus(pod: KubeObject, step: CrashStep, ctx: CrashContext): Record<string, unknown> {
  const status = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; conditions?: Condition[] };
  const containerStatuses = (status.containerStatuses ?? []).map((s) => stepContainer(pod, s, step, ctx));
  return { ...status, containerStatuses, conditions: readiness(containerStatuses, ctx.now, status.conditions) };
}

/** The highest restartCount among the pod's crashing containers. */
export function restartsOf(pod: KubeObject, containers: (name: string) => boolean): number {
  const statuses = ((pod.status ?? {}) as { containerStatuses?: ContainerStatus[] }).containerStatuses ?? [];
  return Math.max(0, ...statuses.filter((s) => containers(s.name)).map((s) => s.restartCount ?? 0));
}

/** kubelet's BackOff event message. */
export function backOffMessage(pod: KubeObject, container: string): string {
  return `Back-off restarting failed container ${container} in pod ${podKey(pod)}`;
}
