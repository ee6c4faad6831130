// virt-controller's VirtualMachine loop: the run strategy (or the deprecated spec.running) and the
// start/stop requests the subresource API queues decide whether the VM's VMI exists; the VM's status
// mirrors its VMI (printableStatus Stopped, Starting, Running, Paused, Stopping, Terminating).
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { conditionOf, isoNow, type Condition } from '../controllers/object.util';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { VMI_FINALIZER, VMI_TYPE, isFinal, vmiStatus } from './kubevirt-vmi.controller';
import { deleteIfPresent, owned, servedList, writeStatus } from './operator.util';

export const VM_TYPE = 'virtualmachines.kubevirt.io';
/** The finalizer virt-controller puts on every VM. */
export const VM_FINALIZER = 'kubevirt.io/virtualMachineControllerFinalize';

/** A queued start or stop (status.stateChangeRequests), as the subresource API writes them. */
export interface StateChangeRequest {
  action: 'Start' | 'Stop';
  uid?: string;
  data?: Record<string, string>;
}

/** The parts of a VM's status the controller and the subresource API share. */
export interface VmStatus {
  stateChangeRequests?: StateChangeRequest[];
  runStrategy?: string;
  [key: string]: unknown;
}

interface VmSpec {
  running?: boolean;
  runStrategy?: string;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

export const vmSpec = (vm: KubeObject): VmSpec => (vm.spec ?? {}) as VmSpec;
export const vmStatus = (vm: KubeObject): VmStatus => (vm.status ?? {}) as VmStatus;

/** The VM's run strategy as KubeVirt's vm.RunStrategy() reads it: spec.running maps to Always/Halted. */
export function runStrategyOf(vm: KubeObject): string {
  const spec = vmSpec(vm);
  if (spec.running !== undefined) return spec.running ? 'Always' : 'Halted';
  return spec.runStrategy ?? 'Halted';
}

interface VmContext {
  api: SimApiServer;
  vm: KubeObject;
  vmi?: KubeObject;
  strategy: string;
  /** status.runStrategy: what the VM last ran under ("Halted" after a stop request). */
  recorded?: string;
}

function createVmi(ctx: VmContext): void {
  const { vm, api } = ctx;
  const template = vmSpec(vm).template ?? {};
  const annotations = { ...template.metadata?.annotations, 'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1) };
  const metadata = { name: vm.metadata.name, labels: template.metadata?.labels, annotations, finalizers: [VMI_FINALIZER] };
  ctx.vmi = api.create(owned(vm, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata, spec: structuredClone(template.spec ?? {}) }));
  ctx.recorded = ctx.strategy;
}

function stopVmi(ctx: VmContext): void {
  const { vmi, api } = ctx;
  if (!vmi || vmi.metadata.deletionTimestamp) return;
  deleteIfPresent(api, VMI_TYPE, vmi);
  ctx.vmi = api.get(VMI_TYPE, vmi.metadata.namespace, vmi.metadata.name ?? '');
}

/** Works off the first queued request; returns the queue left. */
function processRequest(ctx: VmContext, requests: StateChangeRequest[]): StateChangeRequest[] {
  const [head, ...rest] = requests;
  const { vmi } = ctx;
  if (head.action === 'Stop') {
    if (vmi && (!head.uid || head.uid === vmi.metadata.uid)) {
      stopVmi(ctx);
      return requests;
    }
    ctx.recorded = 'Halted';
    return rest;
  }
  if (vmi && isFinal(vmi)) {
    stopVmi(ctx);
    return requests;
  }
  if (!vmi) createVmi(ctx);
  ctx.recorded = ctx.strategy;
  return rest;
}

/** What each run strategy does when no request is queued (Manual: nothing). */
const STRATEGIES: Record<string, (ctx: VmContext) => void> = {
  Halted: stopVmi,
  // a finished VMI is removed, and recreated on the next pass
  Always: (ctx) => (ctx.vmi ? isFinal(ctx.vmi) && stopVmi(ctx) : createVmi(ctx)),
  // only a failed VMI is replaced; a stop request (recorded "Halted") keeps the VM down
  RerunOnFailure: (ctx) => {
    if (ctx.vmi) return void (vmiStatus(ctx.vmi).phase === 'Failed' && stopVmi(ctx));
    if (ctx.recorded !== 'Halted') createVmi(ctx);
  },
  Once: (ctx) => void (!ctx.vmi && ctx.recorded !== 'Once' && ctx.recorded !== 'Halted' && createVmi(ctx)),
};

/** The human readable status kubectl shows (KubeVirt's printableStatus values). */
export function printableStatus(vm: KubeObject, vmi: KubeObject | undefined): string {
  if (vm.metadata.deletionTimestamp) return 'Terminating';
  if (!vmi) return 'Stopped';
  if (vmi.metadata.deletionTimestamp) return 'Stopping';
  const phase = vmiStatus(vmi).phase;
  if (phase === 'Running') return conditionOf(vmi, 'Paused')?.status === 'True' ? 'Paused' : 'Running';
  if (isFinal(vmi)) return 'Stopped';
  return conditionOf(vmi, 'PodScheduled')?.reason === 'Unschedulable' ? 'ErrorUnschedulable' : 'Starting';
}

function readyCondition(vmi: KubeObject | undefined, now: string): Condition {
  const fromVmi = vmi && conditionOf(vmi, 'Ready');
  if (fromVmi) return { ...fromVmi, lastProbeTime: null };
  return { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'VMINotExists', message: 'VMI does not exist' };
}

/** Ready (kept while unchanged, so its transition time holds) and the VMI's Paused. */
function conditionsOf(ctx: VmContext, ready: Condition): Condition[] {
  const kept = (vmStatus(ctx.vm).conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
  const conditions = [kept?.status === ready.status && kept.reason === ready.reason ? kept : ready];
  const paused = ctx.vmi && conditionOf(ctx.vmi, 'Paused');
  return paused ? [...conditions, paused] : conditions;
}

function statusOf(ctx: VmContext, requests: StateChangeRequest[]): Record<string, unknown> {
  const { vm, vmi } = ctx;
  const ready = readyCondition(vmi, isoNow(ctx.api));
  const status: Record<string, unknown> = {
    conditions: conditionsOf(ctx, ready),
    created: vmi !== undefined,
    ready: vmi !== undefined && vmiStatus(vmi).phase === 'Running' && ready.status === 'True',
    printableStatus: printableStatus(vm, vmi),
    runStrategy: ctx.recorded ?? ctx.strategy,
    desiredGeneration: vm.metadata.generation ?? 1,
    observedGeneration: vm.metadata.generation ?? 1,
  };
  if (requests.length > 0) status.stateChangeRequests = requests;
  return status;
}

function finalizeDeletion(ctx: VmContext): void {
  stopVmi(ctx);
  if (ctx.vmi) return void writeStatus(ctx.api, ctx.vm, statusOf(ctx, []));
  const finalizers = (ctx.vm.metadata.finalizers ?? []).filter((name) => name !== VM_FINALIZER);
  ctx.api.update({ ...ctx.vm, metadata: { ...ctx.vm.metadata, finalizers } });
}

function reconcileVm(api: SimApiServer, vm: KubeObject, vmi: KubeObject | undefined): void {
  const ctx: VmContext = { api, vm, vmi, strategy: runStrategyOf(vm), recorded: vmStatus(vm).runStrategy };
  if (vm.metadata.deletionTimestamp) {
    if (vm.metadata.finalizers?.includes(VM_FINALIZER)) finalizeDeletion(ctx);
    return;
  }
  if (!vm.metadata.finalizers?.includes(VM_FINALIZER)) {
    api.update({ ...vm, metadata: { ...vm.metadata, finalizers: [...(vm.metadata.finalizers ?? []), VM_FINALIZER] } });
    return;
  }
  const queued = vmStatus(vm).stateChangeRequests ?? [];
  const requests = queued.length > 0 ? processRequest(ctx, queued) : (STRATEGIES[ctx.strategy]?.(ctx), []);
  writeStatus(api, vm, statusOf(ctx, requests));
}

/** The VirtualMachine controller. */
export function vmController(api: SimApiServer): ControllerSpec {
  return {
    name: 'kubevirt-vm-controller',
    watches: [VM_TYPE, VMI_TYPE],
    reconcile: () => {
      const vms = servedList(api, VM_TYPE);
      if (vms.length === 0) return;
      const vmis = new Map(servedList(api, VMI_TYPE).map((vmi) => [`${vmi.metadata.namespace}/${vmi.metadata.name}`, vmi]));
      for (const vm of vms) reconcileVm(api, vm, vmis.get(`${vm.metadata.namespace}/${vm.metadata.name}`));
    },
  };
}
