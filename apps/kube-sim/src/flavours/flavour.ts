// How each kind of cluster presents itself to a client: the same signals Flotilla's provider
// detection reads on a real one (gitVersion suffix, node labels, providerID, extra API groups).
import { createHash } from 'node:crypto';

/** Kubernetes version every simulated cluster runs; flavours add their own suffix. */
export const BASE_KUBE_VERSION = { major: '1', minor: '31', patch: 4 } as const;

/** The flavours a simulated cluster can present as. */
export const FLAVOURS = ['vanilla', 'eks', 'gke', 'aks', 'k3s', 'rke2', 'microk8s', 'openshift', 'kind'] as const;

/** One of {@link FLAVOURS}. */
export type FlavourName = (typeof FLAVOURS)[number];

/** An extra API group a flavour serves (OpenShift's config and route groups), for discovery. */
export interface FlavourApiGroup {
  group: string;
  version: string;
  resources: { plural: string; singular: string; kind: string; namespaced: boolean; shortNames?: string[] }[];
}

/** What a flavour shows. */
export interface Flavour {
  name: FlavourName;
  /** gitVersion of /version and nodeInfo.kubeletVersion. */
  gitVersion: string;
  /** Labels every node of the cluster carries, besides the standard kubernetes.io ones. */
  nodeLabels: (nodeName: string, clusterName: string) => Record<string, string>;
  /** providerID of a node, or undefined where the real distribution sets none. */
  providerId: (nodeName: string, clusterName: string) => string | undefined;
  /**
   * The API server URL a real cluster of this kind has. Informational only: such host names do not
   * resolve here, so kubeconfigs keep the simulator's real URL.
   */
  presentedServer: (clusterName: string) => string;
  extraApiGroups: FlavourApiGroup[];
}

const { major, minor, patch } = BASE_KUBE_VERSION;
const base = `v${major}.${minor}.${patch}`;

function shortHash(text: string, length = 7): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

const OPENSHIFT_GROUPS: FlavourApiGroup[] = [
  {
    group: 'config.openshift.io',
    version: 'v1',
    resources: [
      { plural: 'clusterversions', singular: 'clusterversion', kind: 'ClusterVersion', namespaced: false },
      { plural: 'infrastructures', singular: 'infrastructure', kind: 'Infrastructure', namespaced: false },
      { plural: 'clusteroperators', singular: 'clusteroperator', kind: 'ClusterOperator', namespaced: false, shortNames: ['co'] },
    ],
  },
  { group: 'route.openshift.io', version: 'v1', resources: [{ plural: 'routes', singular: 'route', kind: 'Route', namespaced: true }] },
];

const none = (): undefined => undefined;
const local = (): string => 'https://127.0.0.1:6443';

const DEFINITIONS: Record<FlavourName, Omit<Flavour, 'name'>> = {
  vanilla: { gitVersion: base, nodeLabels: () => ({}), providerId: none, presentedServer: local, extraApiGroups: [] },
  eks: {
    gitVersion: `${base}-eks-2d5f260`,
    nodeLabels: () => ({
      'eks.amazonaws.com/nodegroup': 'default-ng',
      'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      'node.kubernetes.io/instance-type': 'm5.xlarge',
      'topology.kubernetes.io/region': 'us-east-1',
      'topology.kubernetes.io/zone': 'us-east-1a',
    }),
    providerId: (node) => `aws:///us-east-1a/i-0${shortHash(node, 16)}`,
    presentedServer: (cluster) => `https://${shortHash(cluster, 32).toUpperCase()}.gr7.us-east-1.eks.amazonaws.com`,
    extraApiGroups: [],
  },
  gke: {
    gitVersion: `v${major}.${minor}.${patch + 1}-gke.1000000`,
    nodeLabels: () => ({
      'cloud.google.com/gke-nodepool': 'default-pool',
      'cloud.google.com/machine-family': 'e2',
      'node.kubernetes.io/instance-type': 'e2-standard-4',
      'topology.kubernetes.io/region': 'us-central1',
      'topology.kubernetes.io/zone': 'us-central1-a',
    }),
    providerId: (node, cluster) => `gce://flotilla-${cluster}/us-central1-a/${node}`,
    presentedServer: (cluster) => `https://34.${parseInt(shortHash(cluster, 2), 16)}.10.1`,
    extraApiGroups: [],
  },
  aks: {
    gitVersion: base,
    nodeLabels: (_node, cluster) => ({
      'kubernetes.azure.com/agentpool': 'nodepool1',
      'kubernetes.azure.com/cluster': `MC_flotilla_${cluster}_eastus`,
      'node.kubernetes.io/instance-type': 'Standard_D4s_v3',
      'topology.kubernetes.io/region': 'eastus',
    }),
    providerId: (node, cluster) =>
      `azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mc_flotilla_${cluster}_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-vmss/virtualMachines/${node}`,
    presentedServer: (cluster) => `https://${cluster}-dns-${shortHash(cluster, 8)}.hcp.eastus.azmk8s.io:443`,
    extraApiGroups: [],
  },
  k3s: {
    gitVersion: `${base}+k3s1`,
    nodeLabels: () => ({ 'node.kubernetes.io/instance-type': 'k3s', 'k3s.io/hostname': 'k3s' }),
    providerId: (node) => `k3s://${node}`,
    presentedServer: local,
    extraApiGroups: [],
  },
  rke2: {
    gitVersion: `${base}+rke2r1`,
    nodeLabels: () => ({ 'node.kubernetes.io/instance-type': 'rke2' }),
    providerId: (node) => `rke2://${node}`,
    presentedServer: local,
    extraApiGroups: [],
  },
  microk8s: {
    gitVersion: base,
    nodeLabels: () => ({ 'microk8s.io/cluster': 'true', 'node.kubernetes.io/microk8s-controlplane': 'microk8s-controlplane' }),
    providerId: none,
    presentedServer: () => 'https://127.0.0.1:16443',
    extraApiGroups: [],
  },
  openshift: {
    gitVersion: `${base}+${shortHash('openshift')}`,
    nodeLabels: () => ({ 'node.openshift.io/os_id': 'rhcos', 'node-role.kubernetes.io/worker': '' }),
    providerId: none,
    presentedServer: (cluster) => `https://api.${cluster}.example.openshiftapps.com:6443`,
    extraApiGroups: OPENSHIFT_GROUPS,
  },
  // kind (Kubernetes in Docker): upstream version, and a providerID naming the node's container
  kind: {
    gitVersion: base,
    nodeLabels: () => ({}),
    providerId: (node, cluster) => `kind://docker/${cluster}/${node}`,
    presentedServer: () => 'https://127.0.0.1:6443',
    extraApiGroups: [],
  },
};

/** True when `name` is a known flavour. */
export function isFlavourName(name: unknown): name is FlavourName {
  return typeof name === 'string' && (FLAVOURS as readonly string[]).includes(name);
}

/** The definition of one flavour. */
export function flavour(name: FlavourName): Flavour {
  return { name, ...DEFINITIONS[name] };
}

/** The /version answer of a cluster of this flavour, as kube-apiserver writes it. */
export function versionInfo(of: Flavour): Record<string, string> {
  const [, maj, min] = /^v(\d+)\.(\d+)/.exec(of.gitVersion) ?? [];
  return {
    major: maj,
    minor: min,
    gitVersion: of.gitVersion,
    gitCommit: shortHash(of.gitVersion, 40),
    gitTreeState: 'clean',
    buildDate: '2025-01-15T00:00:00Z',
    goVersion: 'go1.22.10',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
