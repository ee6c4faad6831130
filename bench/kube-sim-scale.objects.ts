// Nodes and pods of the kube-sim scale benchmark, shaped as kubelets and the scheduler leave them
// (labels, capacity, conditions, a Running status with IPs), so LIST bodies have a real cluster's size.

export const NAMESPACES = 100;

export const namespaceOf = (i: number) => `bench-${i % NAMESPACES}`;
export const podName = (i: number) => `app-${Math.floor(i / NAMESPACES)}`;
export const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;

const NOW = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A worker node (POST body) and its status (PUT .../status body once created). */
export function node(i: number): { object: Record<string, unknown>; status: Record<string, unknown> } {
  const name = nodeName(i);
  const capacity = { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '200Gi' };
  const condition = (type: string, status: string, reason: string) => ({ type, status, reason, message: reason, lastHeartbeatTime: NOW, lastTransitionTime: NOW });
  return {
    object: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'node.kubernetes.io/instance-type': 'm6i.8xlarge' } },
      spec: { providerID: `aws:///eu-west-1a/i-${(1e16 + i).toString(16)}` },
    },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [condition('Ready', 'True', 'KubeletReady'), condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'), condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'), condition('PIDPressure', 'False', 'KubeletHasSufficientPID')],
      addresses: [{ type: 'InternalIP', address: `10.1.${Math.floor(i / 250)}.${(i % 250) + 2}` }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.31.4', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: '6.8.0-1019', operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
}

/** A pod of a Deployment-like app (POST body), already bound to its node unless `bound` is false (the scheduler places it). */
export function pod(i: number, nodes: number, bound = true): Record<string, unknown> {
  const app = `app-${i % 500}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName(i), namespace: namespaceOf(i), labels: { app, 'pod-template-hash': '7d9c6b5f4d' }, annotations: { 'bench.flotilla.dev/index': String(i) } },
    spec: {
      ...(bound ? { nodeName: nodeName(i % nodes) } : {}),
      containers: [
        {
          name: 'app',
          image: `registry.example.com/${app}:1.4.2`,
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'APP', value: app }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      ],
      restartPolicy: 'Always',
      serviceAccountName: 'default',
    },
  };
}

/** The Running status a kubelet reports for pod `i` (PUT .../status body, merged over what was created). */
export function runningStatus(i: number): Record<string, unknown> {
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: NOW });
  const ip = `10.244.${Math.floor(i / 250) % 250}.${(i % 250) + 2}`;
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP: '10.1.0.2',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: NOW,
    qosClass: 'Burstable',
    containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, image: 'registry.example.com/app:1.4.2', imageID: '', containerID: `containerd://${i}`, state: { running: { startedAt: NOW } } }],
  };
}
