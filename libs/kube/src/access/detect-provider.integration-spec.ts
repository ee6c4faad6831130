/* eslint-disable @nx/enforce-module-boundaries -- reads kube-sim's flavour definitions to compare with */
import { ClusterProvider, DetectionSignal, type DetectionEvidenceDto } from '@flotilla/contracts';
import { FLAVOURS, flavour as flavourOf, type FlavourName } from '@flotilla/app-kube-sim';
import { detectProvider } from './detect-provider';
import { startSimHarness, type SimHarness } from './testing/kube-sim.harness';

const e = (signal: DetectionSignal, value: string | RegExp, provider: ClusterProvider) => ({ signal, value: typeof value === 'string' ? value : expect.stringMatching(value), provider });

/** What each kube-sim flavour must be recognised as, and on which evidence (beside the gitVersion). */
const EXPECTED: Record<FlavourName, { provider: ClusterProvider; evidence: (cluster: string) => object[] }> = {
  vanilla: { provider: ClusterProvider.Vanilla, evidence: () => [e(DetectionSignal.GitVersion, 'v1.31.4', ClusterProvider.Vanilla)] },
  eks: {
    provider: ClusterProvider.Eks,
    evidence: () => [
      e(DetectionSignal.GitVersion, /^v1\.31\.4-eks-[0-9a-f]{7}$/, ClusterProvider.Eks),
      e(DetectionSignal.NodeLabel, 'eks.amazonaws.com/capacityType=ON_DEMAND', ClusterProvider.Eks),
      e(DetectionSignal.NodeLabel, 'eks.amazonaws.com/nodegroup=default-ng', ClusterProvider.Eks),
      e(DetectionSignal.ProviderId, /^aws:\/\/\/us-east-1a\/i-0[0-9a-f]{16} \(3 of 3 nodes\)$/, ClusterProvider.Eks),
    ],
  },
  gke: {
    provider: ClusterProvider.Gke,
    evidence: (cluster) => [
      e(DetectionSignal.GitVersion, /^v1\.31\.5-gke\.\d+$/, ClusterProvider.Gke),
      e(DetectionSignal.NodeLabel, 'cloud.google.com/gke-nodepool=default-pool', ClusterProvider.Gke),
      e(DetectionSignal.ProviderId, `gce://flotilla-${cluster}/us-central1-a/${cluster}-node-1 (3 of 3 nodes)`, ClusterProvider.Gke),
    ],
  },
  aks: {
    provider: ClusterProvider.Aks,
    evidence: (cluster) => [
      e(DetectionSignal.NodeLabel, 'kubernetes.azure.com/agentpool=nodepool1', ClusterProvider.Aks),
      e(DetectionSignal.NodeLabel, `kubernetes.azure.com/cluster=MC_flotilla_${cluster}_eastus`, ClusterProvider.Aks),
      e(DetectionSignal.ProviderId, /^azure:\/\/\/subscriptions\/.* \(3 of 3 nodes\)$/, ClusterProvider.Aks),
      e(DetectionSignal.GitVersion, 'v1.31.4', ClusterProvider.Vanilla),
    ],
  },
  k3s: {
    provider: ClusterProvider.K3s,
    evidence: (cluster) => [
      e(DetectionSignal.GitVersion, 'v1.31.4+k3s1', ClusterProvider.K3s),
      e(DetectionSignal.ProviderId, `k3s://${cluster}-node-1 (3 of 3 nodes)`, ClusterProvider.K3s),
      e(DetectionSignal.NodeLabel, 'node.kubernetes.io/instance-type=k3s', ClusterProvider.K3s),
      e(DetectionSignal.NodeLabel, 'k3s.io/hostname=k3s', ClusterProvider.K3s),
    ],
  },
  rke2: {
    provider: ClusterProvider.Rke2,
    evidence: (cluster) => [
      e(DetectionSignal.GitVersion, 'v1.31.4+rke2r1', ClusterProvider.Rke2),
      e(DetectionSignal.ProviderId, `rke2://${cluster}-node-1 (3 of 3 nodes)`, ClusterProvider.Rke2),
      e(DetectionSignal.NodeLabel, 'node.kubernetes.io/instance-type=rke2', ClusterProvider.Rke2),
    ],
  },
  microk8s: {
    provider: ClusterProvider.MicroK8s,
    evidence: () => [
      e(DetectionSignal.NodeLabel, 'microk8s.io/cluster=true', ClusterProvider.MicroK8s),
      e(DetectionSignal.NodeLabel, 'node.kubernetes.io/microk8s-controlplane=microk8s-controlplane', ClusterProvider.MicroK8s),
      e(DetectionSignal.GitVersion, 'v1.31.4', ClusterProvider.Vanilla),
    ],
  },
  openshift: {
    provider: ClusterProvider.OpenShift,
    evidence: () => [
      e(DetectionSignal.ApiGroup, 'config.openshift.io', ClusterProvider.OpenShift),
      e(DetectionSignal.NodeLabel, 'node.openshift.io/os_id=rhcos', ClusterProvider.OpenShift),
      e(DetectionSignal.ApiGroup, 'route.openshift.io', ClusterProvider.OpenShift),
      e(DetectionSignal.GitVersion, /^v1\.31\.4\+[0-9a-f]{7}$/, ClusterProvider.OpenShift),
    ],
  },
  kind: {
    provider: ClusterProvider.Kind,
    evidence: (cluster) => [
      e(DetectionSignal.ProviderId, `kind://docker/${cluster}/${cluster}-node-1 (3 of 3 nodes)`, ClusterProvider.Kind),
      e(DetectionSignal.GitVersion, 'v1.31.4', ClusterProvider.Vanilla),
    ],
  },
};

const withoutWeights = (evidence: DetectionEvidenceDto[]) => evidence.map(({ signal, value, provider }) => ({ signal, value, provider }));

describe(detectProvider.name, () => {
  let harness: SimHarness;

  beforeAll(async () => {
    harness = await startSimHarness();
  });
  afterAll(() => harness?.close());

  it('knows every kube-sim flavour', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FLAVOURS].sort());
  });

  it.each(FLAVOURS)('recognises a %s cluster, with the evidence it rests on', async (name) => {
    const cluster = await harness.cluster(name);
    const expected = EXPECTED[name];
    const result = await detectProvider(harness.accessOf(cluster), { timeoutMs: 5000 });
    expect(result).toMatchObject({ provider: expected.provider, gitVersion: flavourOf(name).gitVersion, kubernetesVersion: '1.31' });
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
    expect(withoutWeights(result.evidence)).toEqual(expected.evidence(cluster.name));
  });

  it('refuses to detect what it cannot reach', async () => {
    const cluster = await harness.cluster('eks');
    await expect(detectProvider({ ...harness.accessOf(cluster), token: 'wrong' }, { timeoutMs: 5000 })).rejects.toMatchObject({ reason: 'UNAUTHORIZED', status: 401 });
  });
});
