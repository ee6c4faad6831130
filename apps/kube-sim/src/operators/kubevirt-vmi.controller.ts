// virt-controller and virt-handler for VirtualMachineInstances: a new VMI goes Pending, gets its
// virt-launcher pod (Scheduling), is Scheduled once the pod runs on a node, and Running once the
// guest has booted there; it fails when its pod fails or disappears. A deleted VMI shuts its guest
// down (the VM shows Stopping) before its finalizer is released.
import { ApiError, type KubeObject, type SimApiServer } from '../apiserver/api-handler';
import { conditionOf, isoNow, isControlledBy, recordEvent, type Condition } from '../controllers/object.util';
import type { ControllerSpec, LoopControl } from '../controllers/reconcile-loop';
import { isPodReady } from '../controllers/resource-math.util';
import { LAUNCHER_IMAGE, guestMemory, launcherPod, memoryOverhead, vcpusOf, type VmiSpec } from './kubevirt-launcher';
import { Delays, clockOf, deleteIfPresent, servedList } from './operator.util';

/** The finalizer virt-controller puts on every VMI. */
export const VMI_FINALIZER = 'foregroundDeleteVirtualMachine';
export const VMI_TYPE = 'virtualmachineinstances.kubevirt.io';

/** Timings of the simulated virt-handler. */
export interface VmiTimings {
  /** From Scheduled (pod running) to Running (guest booted), and from delete to the guest being down. */
  stepDelayMs: number;
}

/** A VMI's status as the controllers read and write it. */
export interface VmiStatus {
  phase?: string;
  nodeName?: string;
  conditions?: Condition[];
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
  [key: string]: unknown;
}

/** The status of a VMI. */
export const vmiStatus = (vmi: KubeObject): VmiStatus => (vmi.status ?? {}) as VmiStatus;

/** Whether a VMI is done (Succeeded or Failed). */
export const isFinal = (vmi: KubeObject): boolean => ['Succeeded', 'Failed'].includes(vmiStatus(vmi).phase ?? '');

const podPhase = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;

interface VmiContext {
  api: SimApiServer;
  control: LoopControl;
  delays: Delays;
  timings: VmiTimings;
}

function moveTo(ctx: VmiContext, vmi: KubeObject, phase: string, extra: Record<string, unknown> = {}): void {
  const status = vmiStatus(vmi);
  const transitions = [...(status.phaseTransitionTimestamps ?? []), { phase, phaseTransitionTimestamp: isoNow(ctx.api) }];
  ctx.api.update({ ...vmi, status: { ...status, ...extra, phase, phaseTransitionTimestamps: transitions } });
}

const notRunning = (now: string): Condition => ({ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'GuestNotRunning', message: 'Guest VM is not reported as running' });

/** A launcher pod the API refused (quota, limits): the VMI stays Pending with Synchronized=False, as virt-controller reports it, and is retried. */
function refused(ctx: VmiContext, vmi: KubeObject, error: ApiError): void {
  const message = `failed to create virtual machine pod: ${error.message}`;
  ctx.control.requeueAfter(Math.max(ctx.timings.stepDelayMs, 1000));
  if (conditionOf(vmi, 'Synchronized')?.message === message) return;
  const synchronized = { type: 'Synchronized', status: 'False', lastProbeTime: null, lastTransitionTime: isoNow(ctx.api), reason: 'FailedCreate', message };
  const conditions = [...(vmiStatus(vmi).conditions ?? []).filter((c) => c.type !== 'Synchronized'), synchronized];
  ctx.api.update({ ...vmi, status: { ...vmiStatus(vmi), conditions } });
  recordEvent(ctx.api, vmi, { reason: 'FailedCreate', message: `Error creating pod: ${error.message}`, type: 'Warning', component: 'virtualmachine-controller' });
}

function start(ctx: VmiContext, vmi: KubeObject): void {
  try {
    ctx.api.create(launcherPod(vmi));
  } catch (error) {
    if (error instanceof ApiError && (error.code === 403 || error.code === 422)) return refused(ctx, vmi, error);
    throw error;
  }
  const conditions = (vmiStatus(vmi).conditions ?? []).filter((c) => c.type !== 'Synchronized');
  moveTo(ctx, vmi, 'Scheduling', { conditions: [...conditions, notRunning(isoNow(ctx.api))], guestOSInfo: {} });
}

/** Copies the pod's PodScheduled=False (Unschedulable) onto the VMI, as virt-controller does. */
function reportScheduling(ctx: VmiContext, vmi: KubeObject, pod: KubeObject): void {
  const scheduled = conditionOf(pod, 'PodScheduled');
  const current = conditionOf(vmi, 'PodScheduled');
  if (!scheduled || scheduled.status === 'True' || (current?.message === scheduled.message && current?.reason === scheduled.reason)) return;
  const conditions = [...(vmiStatus(vmi).conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { ...scheduled, lastProbeTime: null }];
  ctx.api.update({ ...vmi, status: { ...vmiStatus(vmi), conditions } });
}

function scheduled(ctx: VmiContext, vmi: KubeObject, pod: KubeObject): void {
  const nodeName = (pod.spec as { nodeName?: string }).nodeName ?? '';
  const { qosClass } = (pod.status ?? {}) as { qosClass?: string };
  const conditions = (vmiStatus(vmi).conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const placed = { nodeName, conditions, activePods: { [pod.metadata.uid ?? '']: nodeName }, launcherContainerImageVersion: LAUNCHER_IMAGE };
  moveTo(ctx, vmi, 'Scheduled', qosClass ? { ...placed, qosClass } : placed);
}

/** A stable locally administered MAC from the VMI's uid. */
const macOf = (vmi: KubeObject) => `02:${(vmi.metadata.uid ?? '0000000000').replace(/-/g, '').slice(0, 10).match(/../g)?.join(':')}`;

function topologyOf(spec: VmiSpec): Record<string, number> {
  const cpu = spec.domain?.cpu ?? {};
  return { cores: cpu.cores ?? Number(vcpusOf(spec)), sockets: cpu.sockets ?? 1, threads: cpu.threads ?? 1 };
}

function guestStatus(vmi: KubeObject, pod: KubeObject, now: string): Record<string, unknown> {
  const spec = (vmi.spec ?? {}) as VmiSpec;
  const podIP = (pod.status as { podIP?: string }).podIP ?? '';
  const memory = String(guestMemory(spec));
  return {
    conditions: [
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'LiveMigratable', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    ],
    interfaces: [{ name: 'default', interfaceName: 'eth0', podInterfaceName: 'eth0', ipAddress: podIP, ipAddresses: [podIP], mac: macOf(vmi), infoSource: 'domain, guest-agent', linkState: 'up', queueCount: 1 }],
    currentCPUTopology: topologyOf(spec),
    memory: { guestAtBoot: memory, guestCurrent: memory, guestRequested: memory, memoryOverhead: String(memoryOverhead(spec)) },
    machine: { type: 'q35' },
    migrationMethod: 'BlockMigration',
    migrationTransport: 'Unix',
  };
}

function boot(ctx: VmiContext, vmi: KubeObject, pod: KubeObject): void {
  const key = `${vmi.metadata.uid}/boot`;
  if (!ctx.delays.elapsed(key, ctx.timings.stepDelayMs, ctx.control)) return;
  ctx.delays.clear(key);
  moveTo(ctx, vmi, 'Running', guestStatus(vmi, pod, isoNow(ctx.api)));
}

/** A VMI whose pod failed, finished or vanished is done, as virt-handler reports it. */
function watchPod(ctx: VmiContext, vmi: KubeObject, pod: KubeObject | undefined): boolean {
  const phase = pod ? podPhase(pod) : 'Failed';
  if (phase !== 'Failed' && phase !== 'Succeeded') return false;
  const ready = { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: isoNow(ctx.api), reason: 'PodTerminating', message: 'virt-launcher pod is not running' };
  moveTo(ctx, vmi, phase, { conditions: [ready] });
  return true;
}

function advance(ctx: VmiContext, vmi: KubeObject, pod: KubeObject | undefined): void {
  const phase = vmiStatus(vmi).phase ?? '';
  if (phase === '') return moveTo(ctx, vmi, 'Pending');
  if (phase === 'Pending') return start(ctx, vmi);
  if (isFinal(vmi) || watchPod(ctx, vmi, pod) || !pod) return;
  if (phase === 'Scheduling') return isPodReady(pod) ? scheduled(ctx, vmi, pod) : reportScheduling(ctx, vmi, pod);
  if (phase === 'Scheduled') boot(ctx, vmi, pod);
}

/** A deleted VMI: the guest shuts down, then the pod goes and the finalizer is released. */
function shutDown(ctx: VmiContext, vmi: KubeObject, pods: KubeObject[]): void {
  const running = pods.length > 0 && !isFinal(vmi);
  const key = `${vmi.metadata.uid}/shutdown`;
  if (running && !ctx.delays.elapsed(key, ctx.timings.stepDelayMs, ctx.control)) return;
  ctx.delays.clear(key);
  for (const pod of pods) deleteIfPresent(ctx.api, 'pods', pod);
  const finalizers = (vmi.metadata.finalizers ?? []).filter((name) => name !== VMI_FINALIZER);
  ctx.api.update({ ...vmi, metadata: { ...vmi.metadata, finalizers } });
}

function reconcileVmi(ctx: VmiContext, vmi: KubeObject, pods: KubeObject[]): void {
  const own = pods.filter((pod) => isControlledBy(pod, vmi.metadata.uid) && !pod.metadata.deletionTimestamp);
  if (vmi.metadata.deletionTimestamp) {
    if (vmi.metadata.finalizers?.includes(VMI_FINALIZER)) shutDown(ctx, vmi, own);
    return;
  }
  if (!vmi.metadata.finalizers?.includes(VMI_FINALIZER)) {
    ctx.api.update({ ...vmi, metadata: { ...vmi.metadata, finalizers: [...(vmi.metadata.finalizers ?? []), VMI_FINALIZER] } });
    return;
  }
  advance(ctx, vmi, own[0]);
}

/** The VMI controller (virt-controller's VMI loop plus what virt-handler reports from the node). */
export function vmiController(timings: VmiTimings): (api: SimApiServer) => ControllerSpec {
  return (api) => {
    const delays = new Delays(clockOf(api));
    return {
      name: 'kubevirt-vmi-controller',
      watches: [VMI_TYPE, 'pods'],
      reconcile: (control) => {
        const vmis = servedList(api, VMI_TYPE);
        delays.retain(new Set(vmis.map((vmi) => vmi.metadata.uid ?? '')));
        const pods = vmis.length > 0 ? api.list('pods').filter((pod) => pod.metadata.labels?.['kubevirt.io'] === 'virt-launcher') : [];
        for (const vmi of vmis) reconcileVmi({ api, control, delays, timings }, vmi, pods);
      },
    };
  };
}
