// Pod status as a kubelet reports it at each step of a pod's start.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/api-handler';
import type { Condition } from './object.util';
import { podSpec, type ContainerSpec } from './resource-math.util';

/** Where and when a pod runs. */
export interface PodPlacement {
  hostIP: string;
  podIP: string;
  now: string;
}

function qosClass(pod: KubeObject): string {
  const containers = podSpec(pod).containers ?? [];
  const all = containers.map((c) => c.resources ?? {});
  if (all.every((r) => !Object.keys(r.requests ?? {}).length && !Object.keys(r.limits ?? {}).length)) return 'BestEffort';
  const guaranteed = all.every((r) => ['cpu', 'memory'].every((name) => r.limits?.[name] && (r.requests?.[name] ?? r.limits[name]) === r.limits[name]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function conditions(ready: boolean, now: string): Condition[] {
  const value = ready ? 'True' : 'False';
  const notReady = ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status' };
  return [
    { type: 'PodReadyToStartContainers', status: value, lastProbeTime: null, lastTransitionTime: now },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    { type: 'Ready', status: value, lastProbeTime: null, lastTransitionTime: now, ...notReady },
    { type: 'ContainersReady', status: value, lastProbeTime: null, lastTransitionTime: now, ...notReady },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
  ];
}

function waiting(c: ContainerSpec) {
  return { name: c.name, image: c.image ?? '', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } };
}

function running(pod: KubeObject, c: ContainerSpec, now: string) {
  const id = createHash('sha256').update(`${pod.metadata.uid}/${c.name}`).digest('hex');
  const image = c.image ?? '';
  const imageID = `${image.includes('/') ? image : `docker.io/library/${image}`}@sha256:${createHash('sha256').update(image).digest('hex')}`;
  return { name: c.name, image, imageID, containerID: `containerd://${id}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } };
}

function base(pod: KubeObject, at: PodPlacement, ready: boolean) {
  const previous = (pod.status ?? {}) as { startTime?: string };
  return {
    phase: ready ? 'Running' : 'Pending',
    conditions: conditions(ready, at.now),
    hostIP: at.hostIP,
    hostIPs: [{ ip: at.hostIP }],
    startTime: previous.startTime ?? at.now,
    qosClass: qosClass(pod),
  };
}

/** The status while images are pulled and containers created. */
export function creatingStatus(pod: KubeObject, at: PodPlacement): Record<string, unknown> {
  const spec = podSpec(pod);
  return { ...base(pod, at, false), containerStatuses: (spec.containers ?? []).map(waiting) };
}

/** The status once every container runs and is ready. */
export function runningStatus(pod: KubeObject, at: PodPlacement): Record<string, unknown> {
  const spec = podSpec(pod);
  const containerStatuses = (spec.containers ?? []).map((c) => running(pod, c, at.now));
  return { ...base(pod, at, true), podIP: at.podIP, podIPs: [{ ip: at.podIP }], containerStatuses };
}
