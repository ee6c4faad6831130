// virt-api's subresources.kubevirt.io group (pkg/virt-api/rest/lifecycle.go): PUT
// .../virtualmachines/<name>/start|stop|restart answer 202 and change the VM the way virtctl's
// requests do (runStrategy Halted <-> Always, or a queued state change request for Manual and
// RerunOnFailure); .../virtualmachineinstances/<name>/pause|unpause answer 200. Invalid
// transitions answer 409 with KubeVirt's messages.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { methodNotAllowed } from '../apiserver/http-util';
import type { ResourceType } from '../apiserver/resource-types';
import { ApiError, badRequest } from '../apiserver/status';
import { isoNow } from '../controllers/object.util';
import type { ExtensionCall } from '../extensions/extension-call';
import { VM_TYPE, runStrategyOf, vmSpec, vmStatus, type StateChangeRequest } from './kubevirt-vm.controller';
import { VMI_TYPE, isFinal, vmiStatus } from './kubevirt-vmi.controller';

const GROUP = 'subresources.kubevirt.io';
const PATH = /^\/apis\/subresources\.kubevirt\.io\/(v1|v1alpha3)\/namespaces\/([^/]+)\/(virtualmachines|virtualmachineinstances)\/([^/]+)\/([a-z-]+)$/;

/** The subresources discovery lists for each version of the group (KubeVirt lists names only). */
export function subresourceTypes(): ResourceType[] {
  return ['v1', 'v1alpha3'].flatMap((version) => [
    { group: GROUP, version, kind: 'VirtualMachine', plural: 'virtualmachines', singular: '', namespaced: true, verbs: [], subresources: ['start', 'stop', 'restart'] },
    { group: GROUP, version, kind: 'VirtualMachineInstance', plural: 'virtualmachineinstances', singular: '', namespaced: true, verbs: [], subresources: ['pause', 'unpause'] },
  ]);
}

const conflict = (resource: string, name: string, message: string) =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource}.kubevirt.io "${name}": ${message}`, { name, group: 'kubevirt.io', kind: resource });
const notFound = (resource: string, name: string) => new ApiError(404, 'NotFound', `${resource}.kubevirt.io "${name}" not found`, { name, group: 'kubevirt.io', kind: resource });

interface Request {
  sim: SimApiServer;
  namespace: string;
  name: string;
  body: Record<string, unknown>;
  dryRun: boolean;
}

function parseBody(call: ExtensionCall): Record<string, unknown> {
  const text = call.body.toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below, as virt-api does for any body it cannot decode
  }
  throw badRequest(`Can not unmarshal Request body to struct, error: ${text.slice(0, 80)}`);
}

function fetchVm({ sim, namespace, name }: Request): KubeObject {
  const vm = sim.get(VM_TYPE, namespace, name);
  if (!vm) throw notFound('virtualmachine', name);
  return vm;
}

/** Sets the run strategy the way virtctl's requests patch it (spec.running where the VM uses that). */
function setRunning(req: Request, vm: KubeObject, running: boolean): void {
  const spec = vmSpec(vm);
  const next = spec.running !== undefined ? { ...spec, running } : { ...spec, runStrategy: running ? 'Always' : 'Halted' };
  if (!req.dryRun) req.sim.update({ ...vm, spec: next });
}

function queue(req: Request, vm: KubeObject, changes: StateChangeRequest[]): void {
  const current = vmStatus(vm).stateChangeRequests ?? [];
  const onlyStop = changes.length === 1 && changes[0].action === 'Stop';
  // KubeVirt answers this one with a 500; a conflict is what it is
  if (current.length > 0 && !onlyStop) throw conflict('virtualmachine', req.name, 'unable to complete request: stop/start already underway');
  if (!req.dryRun) req.sim.updateStatus({ ...vm, status: { ...vmStatus(vm), stateChangeRequests: changes } });
}

/** A VMI past its first phase and not done yet. */
const isUnderway = (vmi: KubeObject) => !isFinal(vmi) && !['', 'Unknown'].includes(vmiStatus(vmi).phase ?? '');

/** Why a start is refused, in KubeVirt's words, or undefined. */
function startRefusal(strategy: string, vmi: KubeObject | undefined): string | undefined {
  const phase = vmi ? (vmiStatus(vmi).phase ?? '') : undefined;
  if (vmi && isUnderway(vmi)) return 'VM is already running';
  if (strategy === 'Always' || strategy === 'Once') return `${strategy} does not support manual start requests`;
  if (strategy === 'RerunOnFailure' && phase === 'Failed') return 'RerunOnFailure does not support starting VM from failed state';
  return undefined;
}

function start(req: Request): void {
  const vm = fetchVm(req);
  const vmi = req.sim.get(VMI_TYPE, req.namespace, req.name);
  const strategy = runStrategyOf(vm);
  const refusal = startRefusal(strategy, vmi);
  if (refusal) throw conflict('virtualmachine', req.name, refusal);
  if (strategy === 'Halted') return setRunning(req, vm, true);
  const restart = vmi !== undefined && isFinal(vmi);
  queue(req, vm, restart ? [{ action: 'Stop', uid: vmi.metadata.uid }, { action: 'Start' }] : [{ action: 'Start' }]);
}

function stop(req: Request): void {
  const vm = fetchVm(req);
  const vmi = req.sim.get(VMI_TYPE, req.namespace, req.name);
  const strategy = runStrategyOf(vm);
  if (strategy === 'Always' || strategy === 'Once') return setRunning(req, vm, false);
  if (!vmi || isFinal(vmi)) throw conflict('virtualmachine', req.name, 'VM is not running');
  const grace = req.body.gracePeriod;
  const current = (vmi.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds;
  if (strategy === 'Halted' && (typeof grace !== 'number' || (current !== undefined && grace >= current))) {
    throw conflict('virtualmachine', req.name, 'Halted only supports manual stop requests with a shorter graceperiod');
  }
  queue(req, vm, [{ action: 'Stop', uid: vmi.metadata.uid }]);
}

function restart(req: Request): void {
  const grace = req.body.gracePeriodSeconds;
  if (typeof grace === 'number' && grace > 0) throw badRequest('For force restart, only gracePeriod=0 is supported for now');
  if (typeof grace === 'number' && grace < 0) throw badRequest('gracePeriod has to be greater or equal to 0');
  const vm = fetchVm(req);
  const strategy = runStrategyOf(vm);
  // "RunStategy" is how KubeVirt spells it
  if (strategy === 'Halted' || strategy === 'Once') throw conflict('virtualmachine', req.name, `RunStategy ${strategy} does not support manual restart requests`);
  const vmi = req.sim.get(VMI_TYPE, req.namespace, req.name);
  if (!vmi) throw conflict('virtualmachine', req.name, 'VM is not running: Halted');
  queue(req, vm, [{ action: 'Stop', uid: vmi.metadata.uid }, { action: 'Start' }]);
}

function fetchRunningVmi(req: Request, notRunning: string): KubeObject {
  const vmi = req.sim.get(VMI_TYPE, req.namespace, req.name);
  if (!vmi) throw notFound('virtualmachineinstance', req.name);
  if (vmiStatus(vmi).phase !== 'Running') throw conflict('virtualmachineinstance', req.name, notRunning);
  return vmi;
}

const isPaused = (vmi: KubeObject) => (vmiStatus(vmi).conditions ?? []).some((c) => c.type === 'Paused');

function setPaused(req: Request, vmi: KubeObject, paused: boolean): void {
  const others = (vmiStatus(vmi).conditions ?? []).filter((c) => c.type !== 'Paused');
  const condition = { type: 'Paused', status: 'True', lastProbeTime: null, lastTransitionTime: isoNow(req.sim), reason: 'PausedByUser', message: 'VMI was paused by user' };
  if (!req.dryRun) req.sim.update({ ...vmi, status: { ...vmiStatus(vmi), conditions: paused ? [...others, condition] : others } });
}

function pause(req: Request): void {
  const vmi = fetchRunningVmi(req, 'VM is not running');
  if ((vmi.spec as { livenessProbe?: unknown }).livenessProbe) {
    throw new ApiError(403, 'Forbidden', `virtualmachineinstance.kubevirt.io "${req.name}" is forbidden: Pausing VMIs with LivenessProbe is currently not supported`, { name: req.name, group: 'kubevirt.io', kind: 'virtualmachineinstance' });
  }
  if (isPaused(vmi)) throw conflict('virtualmachineinstance', req.name, 'VMI is already paused');
  setPaused(req, vmi, true);
}

function unpause(req: Request): void {
  const vmi = fetchRunningVmi(req, 'VMI is not running');
  if (!isPaused(vmi)) throw conflict('virtualmachineinstance', req.name, 'VMI is not paused');
  setPaused(req, vmi, false);
}

const ACTIONS: Record<string, [handle: (req: Request) => void, code: number]> = {
  'virtualmachines/start': [start, 202],
  'virtualmachines/stop': [stop, 202],
  'virtualmachines/restart': [restart, 202],
  'virtualmachineinstances/pause': [pause, 200],
  'virtualmachineinstances/unpause': [unpause, 200],
};

function isDryRun(body: Record<string, unknown>): boolean {
  return Array.isArray(body.dryRun) && body.dryRun.includes('All');
}

/** Serves the subresources.kubevirt.io paths of one cluster; false for any other path. */
export function serveKubevirtSubresource(call: ExtensionCall, sim: SimApiServer): boolean {
  if (!call.pathname.startsWith(`/apis/${GROUP}/`)) return false;
  const [, , namespace, resource, name, action] = PATH.exec(call.pathname) ?? [];
  const handler = ACTIONS[`${resource}/${action}`];
  if (!handler) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (call.req.method !== 'PUT') throw methodNotAllowed();
  const body = parseBody(call);
  handler[0]({ sim, namespace: decodeURIComponent(namespace), name: decodeURIComponent(name), body, dryRun: isDryRun(body) });
  call.res.writeHead(handler[1], { 'content-length': 0 }).end();
  return true;
}
