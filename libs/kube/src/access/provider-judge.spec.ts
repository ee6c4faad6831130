import { ClusterProvider, DetectionSignal } from '@flotilla/contracts';
import { judgeProvider, type ProviderSignals } from './provider-judge';

type Node = ProviderSignals['nodes'][number];

const node = (name: string, providerID: string | null, labels: Record<string, string> = {}): Node => ({ name, providerID, labels: { 'kubernetes.io/os': 'linux', ...labels } });

function signals(overrides: Partial<ProviderSignals>): ProviderSignals {
  return { gitVersion: 'v1.31.4', nodes: [node('n1', null)], apiGroups: ['apps', 'batch', 'metrics.k8s.io'], server: 'https://10.0.0.1:6443', ...overrides };
}

const NOW = new Date('2026-03-01T00:00:00Z');

// real-world shapes of each distribution (values as the clusters report them)
const CASES: [string, ProviderSignals, ClusterProvider, number][] = [
  [
    'EKS',
    signals({
      gitVersion: 'v1.31.2-eks-7f9249a',
      nodes: [node('ip-10-0-1-17.ec2.internal', 'aws:///us-east-1a/i-0abc', { 'eks.amazonaws.com/nodegroup': 'ng-1', 'eks.amazonaws.com/capacityType': 'ON_DEMAND' })],
      server: 'https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
    }),
    ClusterProvider.Eks,
    1,
  ],
  ['GKE', signals({ gitVersion: 'v1.30.5-gke.1014001', nodes: [node('gke-pool-1', 'gce://proj/us-central1-a/gke-pool-1', { 'cloud.google.com/gke-nodepool': 'default-pool' })], server: 'https://34.118.10.1' }), ClusterProvider.Gke, 0.99],
  ['AKS', signals({ gitVersion: 'v1.29.9', nodes: [node('aks-nodepool1-0', 'azure:///subscriptions/x/vm/0', { 'kubernetes.azure.com/agentpool': 'nodepool1', 'kubernetes.azure.com/cluster': 'MC_rg' })], server: 'https://prod-dns-1a2b.hcp.eastus.azmk8s.io:443' }), ClusterProvider.Aks, 1],
  ['k3s', signals({ gitVersion: 'v1.31.4+k3s1', nodes: [node('pi', 'k3s://pi', { 'node.kubernetes.io/instance-type': 'k3s' })] }), ClusterProvider.K3s, 0.99],
  ['RKE2', signals({ gitVersion: 'v1.31.4+rke2r1', nodes: [node('rke', 'rke2://rke', { 'node.kubernetes.io/instance-type': 'rke2' })] }), ClusterProvider.Rke2, 0.99],
  ['MicroK8s', signals({ nodes: [node('mk', null, { 'microk8s.io/cluster': 'true', 'node.kubernetes.io/microk8s-controlplane': 'microk8s-controlplane' })], server: 'https://127.0.0.1:16443' }), ClusterProvider.MicroK8s, 0.96],
  ['OpenShift', signals({ gitVersion: 'v1.29.8+f10c92d', nodes: [node('master-0', null, { 'node.openshift.io/os_id': 'rhcos' })], apiGroups: ['apps', 'config.openshift.io', 'route.openshift.io'] }), ClusterProvider.OpenShift, 1],
  ['kind', signals({ nodes: [node('dev-control-plane', 'kind://docker/dev/dev-control-plane'), node('dev-worker', 'kind://docker/dev/dev-worker')], server: 'https://127.0.0.1:39211' }), ClusterProvider.Kind, 0.9],
  ['vanilla kubeadm', signals({ nodes: [node('cp-1', null), node('worker-1', null)] }), ClusterProvider.Vanilla, 0.8],
];

describe(judgeProvider.name, () => {
  it.each(CASES)('recognises %s', (_, input, provider, confidence) => {
    const result = judgeProvider(input, NOW);
    expect(result.provider).toBe(provider);
    expect(result.confidence).toBeCloseTo(confidence, 2);
    expect(result.detectedAt).toBe(NOW.toISOString());
  });

  it('keeps every signal as evidence, strongest first', () => {
    const [, eks] = CASES[0];
    expect(judgeProvider(eks).evidence).toEqual([
      { signal: DetectionSignal.GitVersion, value: 'v1.31.2-eks-7f9249a', provider: ClusterProvider.Eks, weight: 0.9 },
      { signal: DetectionSignal.NodeLabel, value: 'eks.amazonaws.com/capacityType=ON_DEMAND', provider: ClusterProvider.Eks, weight: 0.8 },
      { signal: DetectionSignal.NodeLabel, value: 'eks.amazonaws.com/nodegroup=ng-1', provider: ClusterProvider.Eks, weight: 0.8 },
      { signal: DetectionSignal.ServerHost, value: '0123456789abcdef.gr7.us-east-1.eks.amazonaws.com', provider: ClusterProvider.Eks, weight: 0.8 },
      { signal: DetectionSignal.ProviderId, value: 'aws:///us-east-1a/i-0abc (1 of 1 nodes)', provider: ClusterProvider.Eks, weight: 0.4 },
    ]);
  });

  it('reports the Kubernetes minor version', () => {
    expect(judgeProvider(signals({ gitVersion: 'v1.30.5-gke.1014001' }))).toMatchObject({ gitVersion: 'v1.30.5-gke.1014001', kubernetesVersion: '1.30' });
  });

  it('counts a providerID once per kind, with how many nodes carry it', () => {
    const nodes = [node('a', 'kind://docker/x/a'), node('b', 'kind://docker/x/b'), node('c', null)];
    expect(judgeProvider(signals({ nodes })).evidence.filter((e) => e.signal === DetectionSignal.ProviderId)).toEqual([
      { signal: DetectionSignal.ProviderId, value: 'kind://docker/x/a (2 of 3 nodes)', provider: ClusterProvider.Kind, weight: 0.9 },
    ]);
  });

  describe('mixed and weak signals', () => {
    it('sees RKE2 on EC2 as RKE2, less surely, with the cloud as evidence', () => {
      const result = judgeProvider(signals({ gitVersion: 'v1.31.4+rke2r1', nodes: [node('ip-10-0-0-5', 'aws:///eu-west-1a/i-0ff')] }));
      expect(result).toMatchObject({ provider: ClusterProvider.Rke2, confidence: 0.72 });
      expect(result.evidence.map((e) => e.provider)).toEqual([ClusterProvider.Rke2, ClusterProvider.Eks]);
    });

    it('sees OpenShift on AWS (ROSA) as OpenShift', () => {
      const result = judgeProvider(signals({ gitVersion: 'v1.29.8+f10c92d', nodes: [node('ip-10-0-0-5', 'aws:///us-east-1a/i-1', { 'node.openshift.io/os_id': 'rhcos' })], apiGroups: ['config.openshift.io'] }));
      expect(result.provider).toBe(ClusterProvider.OpenShift);
      expect(result.confidence).toBeGreaterThan(0.7);
    });

    it('sees kubeadm on EC2 as vanilla: an aws:// providerID alone is not EKS', () => {
      expect(judgeProvider(signals({ nodes: [node('n', 'aws:///us-east-1a/i-2')] }))).toMatchObject({ provider: ClusterProvider.Vanilla, confidence: 0.48 });
    });

    it('believes a lone OpenShift route API, and says it is not sure', () => {
      expect(judgeProvider(signals({ apiGroups: ['route.openshift.io'] }))).toMatchObject({ provider: ClusterProvider.OpenShift, confidence: 0.6 });
    });

    it('does not take a commit-suffixed version alone for OpenShift', () => {
      expect(judgeProvider(signals({ gitVersion: 'v1.31.4+abcdef1' })).provider).toBe(ClusterProvider.Vanilla);
    });

    it('picks the stronger of contradicting distributions with a low confidence', () => {
      const result = judgeProvider(signals({ gitVersion: 'v1.31.2-eks-7f9249a', nodes: [node('n', null, { 'cloud.google.com/gke-nodepool': 'p' })] }));
      expect(result).toMatchObject({ provider: ClusterProvider.Eks, confidence: 0.54 });
    });

    it('is less sure of vanilla when no node could be read', () => {
      expect(judgeProvider(signals({ nodes: [] }))).toMatchObject({ provider: ClusterProvider.Vanilla, confidence: 0.6 });
    });

    it('says unknown without a version', () => {
      expect(judgeProvider(signals({ gitVersion: null, nodes: [] }))).toMatchObject({ provider: ClusterProvider.Unknown, confidence: 0, kubernetesVersion: null, evidence: [] });
    });
  });
});
