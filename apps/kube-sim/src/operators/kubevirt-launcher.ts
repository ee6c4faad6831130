// The virt-launcher pod virt-controller renders for a VirtualMachineInstance: one "compute"
// container whose memory request is the guest's memory plus KubeVirt's estimate of what QEMU,
// libvirt and the launcher need beside it, so the scheduler places VMs by what they really take.
import { formatQuantity, parseQuantity, toMilli, toUnits } from '@flotilla/kube';
import type { KubeObject } from '../apiserver/api-handler';
import { owned } from './operator.util';

/** The KubeVirt release whose launcher image the pods name. */
export const KUBEVIRT_VERSION = 'v1.6.0';
export const LAUNCHER_IMAGE = `quay.io/kubevirt/virt-launcher:${KUBEVIRT_VERSION}`;

type ResourceList = Record<string, string>;

/** The parts of a VMI spec the launcher pod is rendered from. */
export interface VmiSpec {
  domain?: {
    cpu?: { cores?: number; sockets?: number; threads?: number; dedicatedCpuPlacement?: boolean };
    memory?: { guest?: string };
    resources?: { requests?: ResourceList; limits?: ResourceList; overcommitGuestOverhead?: boolean };
    devices?: { autoattachGraphicsDevice?: boolean; gpus?: { deviceName?: string }[]; hostDevices?: { deviceName?: string }[]; tpm?: object };
  };
  livenessProbe?: { exec?: object };
  readinessProbe?: { exec?: object };
  nodeSelector?: Record<string, string>;
  affinity?: object;
  tolerations?: object[];
  schedulerName?: string;
  priorityClassName?: string;
  hostname?: string;
  terminationGracePeriodSeconds?: number;
}

const MI = 1024n * 1024n;
/** virt-launcher-monitor 25Mi, virt-launcher 100Mi, virtlogd 25Mi, virtqemud 40Mi, qemu 30Mi. */
const FIXED_OVERHEAD = (25n + 100n + 25n + 40n + 30n) * MI;
/** vCPUs per requested CPU when a VM has no dedicated CPUs (KubeVirt's default cpuAllocationRatio). */
const CPU_ALLOCATION_RATIO = 10n;

const bytes = (value: string | undefined): bigint => (value === undefined ? 0n : toUnits(parseQuantity(String(value))));

/** The guest memory a VMI asks for: requests, else limits, else memory.guest (as KubeVirt's defaulting does). */
export function guestMemory(spec: VmiSpec): bigint {
  const resources = spec.domain?.resources;
  return bytes(resources?.requests?.memory ?? resources?.limits?.memory ?? spec.domain?.memory?.guest);
}

/** vCPUs: the CPU topology's cores × sockets × threads, else the CPU limit or request rounded up, at least 1. */
export function vcpusOf(spec: VmiSpec): bigint {
  const { cpu, resources } = spec.domain ?? {};
  const fromCpu = (value: string | undefined) => (value === undefined ? 0n : (toMilli(parseQuantity(String(value))) + 999n) / 1000n);
  const count = cpu
    ? [cpu.cores, cpu.sockets, cpu.threads].filter((n): n is number => !!n).reduce((a, b) => a * BigInt(b), 1n)
    : fromCpu(resources?.limits?.cpu ?? resources?.requests?.cpu);
  return count < 1n ? 1n : count;
}

function wantsGuaranteedQos(spec: VmiSpec): boolean {
  const { requests = {}, limits = {} } = spec.domain?.resources ?? {};
  return ['cpu', 'memory'].every((name) => limits[name] !== undefined && (requests[name] ?? limits[name]) === limits[name]);
}

const devicesOf = (spec: VmiSpec) => spec.domain?.devices ?? {};

/** The overheads that depend on what the VMI has: video RAM, VFIO, a TPM, dedicated CPUs. */
const OPTIONAL_OVERHEADS: [applies: (spec: VmiSpec) => boolean, bytes: bigint][] = [
  [(spec) => devicesOf(spec).autoattachGraphicsDevice !== false, 32n * MI],
  [(spec) => (devicesOf(spec).gpus?.length ?? 0) + (devicesOf(spec).hostDevices?.length ?? 0) > 0, 1024n * MI],
  [(spec) => devicesOf(spec).tpm !== undefined, 53n * MI],
  [(spec) => spec.domain?.cpu?.dedicatedCpuPlacement === true || wantsGuaranteedQos(spec), 100n * MI],
];

/** 10Mi per exec probe, plus 100Mi for the virt-probe binary once there is one. */
function probeOverhead(spec: VmiSpec): bigint {
  const probes = BigInt([spec.livenessProbe?.exec, spec.readinessProbe?.exec].filter(Boolean).length);
  return probes === 0n ? 0n : probes * 10n * MI + 100n * MI;
}

function optionalOverhead(spec: VmiSpec): bigint {
  return OPTIONAL_OVERHEADS.filter(([applies]) => applies(spec)).reduce((sum, [, amount]) => sum + amount, probeOverhead(spec));
}

/**
 * The memory KubeVirt adds to a VMI's request for its virt-launcher pod, in bytes, as its
 * GetMemoryOverhead computes it on x86_64 (kubevirt/kubevirt pkg/hypervisor/kvm/launcherhypervisorresources.go):
 * page tables (guest memory / 512, from the request rounded up to kB), 220Mi for the launcher's
 * processes, 8Mi per vCPU, 8Mi for the IOThread, 32Mi of video RAM unless graphics are off, 1Gi for
 * VFIO devices (GPUs, host devices), 10Mi per exec probe plus 100Mi for virt-probe, 53Mi for a TPM,
 * 100Mi for dedicated CPUs or guaranteed QoS.
 */
export function memoryOverhead(spec: VmiSpec): bigint {
  const pageTables = (((guestMemory(spec) + 999n) / 1000n) * 1000n) / 512n;
  return pageTables + FIXED_OVERHEAD + 8n * MI * vcpusOf(spec) + 8n * MI + optionalOverhead(spec);
}

function deviceRequests(spec: VmiSpec): ResourceList {
  const devices = spec.domain?.devices ?? {};
  const names = [...(devices.gpus ?? []), ...(devices.hostDevices ?? [])].map((d) => d.deviceName).filter((n): n is string => !!n);
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return Object.fromEntries([...counts].map(([name, count]) => [name, String(count)]));
}

const isDedicated = (spec: VmiSpec) => spec.domain?.cpu?.dedicatedCpuPlacement === true;

/** The CPU request: the VMI's, else one CPU per vCPU when dedicated, else vCPUs / cpuAllocationRatio. */
function cpuRequest(spec: VmiSpec): string {
  const requested = spec.domain?.resources?.requests?.cpu;
  if (requested !== undefined) return requested;
  return isDedicated(spec) ? String(vcpusOf(spec)) : formatQuantity((vcpusOf(spec) * 1000n) / CPU_ALLOCATION_RATIO, 'milli');
}

function limitsOf(spec: VmiSpec, overhead: bigint, devices: ResourceList): ResourceList {
  const given = spec.domain?.resources?.limits;
  const limits: ResourceList = { ...given, ...devices };
  if (given?.memory) limits.memory = formatQuantity(bytes(given.memory) + overhead, 'binary');
  if (isDedicated(spec)) limits.cpu = String(vcpusOf(spec));
  return limits;
}

/** The compute container's resources: guest memory plus overhead, CPU from the VMI, one device per GPU/host device. */
export function computeResources(spec: VmiSpec): { requests: ResourceList; limits?: ResourceList } {
  const resources = spec.domain?.resources ?? {};
  const overhead = memoryOverhead(spec);
  const memory = guestMemory(spec) + (resources.overcommitGuestOverhead ? 0n : overhead);
  const devices = deviceRequests(spec);
  const requests = { ...resources.requests, cpu: cpuRequest(spec), memory: formatQuantity(memory, 'binary'), ...devices };
  const limits = limitsOf(spec, overhead, devices);
  return Object.keys(limits).length > 0 ? { requests, limits } : { requests };
}

function podSpecFor(vmi: KubeObject, spec: VmiSpec): Record<string, unknown> {
  const placement = Object.fromEntries(
    (['nodeSelector', 'affinity', 'tolerations', 'schedulerName', 'priorityClassName'] as const).filter((key) => spec[key] !== undefined).map((key) => [key, spec[key]]),
  );
  const compute = { name: 'compute', image: LAUNCHER_IMAGE, command: ['/usr/bin/virt-launcher-monitor', '--qemu-timeout', '308s', '--name', vmi.metadata.name, '--uid', vmi.metadata.uid], resources: computeResources(spec) };
  return {
    ...placement,
    containers: [compute],
    hostname: spec.hostname ?? vmi.metadata.name,
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: (spec.terminationGracePeriodSeconds ?? 30) + 15,
  };
}

/** The virt-launcher-<vmi>-<5 chars> pod of a VMI, owned by it. */
export function launcherPod(vmi: KubeObject): KubeObject {
  const name = vmi.metadata.name ?? '';
  const labels = { ...vmi.metadata.labels, 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': vmi.metadata.uid ?? '', 'vm.kubevirt.io/name': name };
  const annotations = { 'kubevirt.io/domain': name, 'kubectl.kubernetes.io/default-container': 'compute' };
  return owned(vmi, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: `virt-launcher-${name}-`, labels, annotations }, spec: podSpecFor(vmi, (vmi.spec ?? {}) as VmiSpec) });
}
