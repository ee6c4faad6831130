// Node objects as a kubelet of the cluster's flavour would register them.
import type { Flavour } from './flavour';

/** A node to add to a simulated cluster (control API input, already validated). */
export interface NodeSpec {
  name: string;
  /** cpu, memory, pods and any extended resource (nvidia.com/gpu, ...), as Kubernetes quantities. */
  capacity: Record<string, string>;
  labels: Record<string, string>;
}

/** Capacity of a node when none is given: 4 cpu, 16Gi, 110 pods. */
export const DEFAULT_NODE_CAPACITY: Readonly<Record<string, string>> = { cpu: '4', memory: '16Gi', pods: '110' };

/** A Node object (core/v1), ready for `SimApiServer.create`. */
export type NodeObject = {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: { name: string; labels: Record<string, string> };
  spec: { providerID?: string };
  status: Record<string, unknown>;
};

function nodeIp(index: number): string {
  return `10.0.${Math.floor(index / 250)}.${(index % 250) + 2}`;
}

/**
 * Builds the Node a kubelet of `of` would register: flavour labels and providerID, capacity equal to
 * allocatable, a Ready condition and nodeInfo with the flavour's kubelet version.
 */
export function buildNode(spec: NodeSpec, of: Flavour, context: { cluster: string; index: number; now: Date }): NodeObject {
  const now = context.now.toISOString();
  const labels = {
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    ...of.nodeLabels(spec.name, context.cluster),
    ...spec.labels,
  };
  const providerID = of.providerId(spec.name, context.cluster);
  const capacity = { ...DEFAULT_NODE_CAPACITY, ...spec.capacity };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, labels },
    spec: providerID ? { providerID } : {},
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
      addresses: [
        { type: 'InternalIP', address: nodeIp(context.index) },
        { type: 'Hostname', address: spec.name },
      ],
      nodeInfo: {
        kubeletVersion: of.gitVersion,
        kubeProxyVersion: of.gitVersion,
        containerRuntimeVersion: 'containerd://1.7.24',
        osImage: of.name === 'openshift' ? 'Red Hat Enterprise Linux CoreOS' : 'Ubuntu 22.04.5 LTS',
        kernelVersion: '6.8.0-1019',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}
