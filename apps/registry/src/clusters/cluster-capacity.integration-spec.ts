import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { CredentialType, REGISTRY_SUBJECTS, type ClusterCapacityDto, type ClusterDto, type FitResultDto } from '@flotilla/contracts';
import { type SimCluster, type TestKubeSim, type TestNode } from './testing/kube-sim';
import { RegistryClient, tenant, type Tenant } from './testing/registry-harness';
import { startRegistryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

/** Live capacity and fit queries against kube-sim clusters, compared with where its scheduler puts pods. */
describe('cluster capacity and fit', () => {
  let kube: TestKubeSim;
  let rig: RegistryUnderTest;
  let sut: RegistryClient;
  let org: Tenant;

  const nodes: TestNode[] = [
    { capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
    { capacity: { cpu: '8', memory: '32Gi', pods: '110', 'nvidia.com/gpu': '2' }, labels: { accelerator: 'a100' } },
    { capacity: { cpu: '6', memory: '8Gi', pods: '110' } },
  ];
  const register = async (cluster: SimCluster, extra: Record<string, unknown> = {}) =>
    sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: cluster.name, credentials: { type: CredentialType.Kubeconfig, kubeconfig: kube.kubeconfig(cluster) }, ...extra });

  /** Creates a pod with these requests through the Kubernetes API and waits until the scheduler bound it. */
  async function schedulePod(cluster: SimCluster, requests: Record<string, string>): Promise<string> {
    const config = new KubeConfig();
    config.loadFromString(kube.kubeconfig(cluster));
    const core = config.makeApiClient(CoreV1Api);
    const name = `p-${randomUUID().slice(0, 8)}`;
    const pod: V1Pod = { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests } }] } };
    await core.createNamespacedPod({ namespace: 'default', body: pod });
    for (let attempt = 0; attempt < 200; attempt++) {
      const current = await core.readNamespacedPod({ namespace: 'default', name });
      if (current.spec?.nodeName) return current.spec.nodeName;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`pod ${name} was not scheduled`);
  }

  beforeAll(async () => {
    rig = await startRegistryUnderTest({ REGISTRY_CONNECT_TIMEOUT_MS: '2000' });
    ({ kube, sut } = rig);
  });

  afterAll(() => rig?.close());

  beforeEach(() => {
    org = tenant();
  });

  it('reports per-node and total capacity beside the declared one; allocated follows the pods bound', async () => {
    const cluster = await kube.cluster('vanilla', nodes);
    const dto = await register(cluster, { declaredCapacity: { cpu: '12', memory: '40Gi' } });
    const node = await schedulePod(cluster, { cpu: '1500m', memory: '1Gi' });
    const capacity = await sut.as<ClusterCapacityDto>(org.viewer, REGISTRY_SUBJECTS.capacity, { clusterId: dto.id });
    expect(capacity).toMatchObject({
      clusterId: dto.id,
      declared: { cpu: '12', memory: '40Gi' },
      total: { cpu: '18', memory: '56Gi', 'nvidia.com/gpu': '2', pods: '330' },
      allocated: { cpu: '1500m', memory: '1Gi' },
      available: { cpu: '16500m', memory: '55Gi', 'nvidia.com/gpu': '2' },
    });
    expect(capacity.nodes).toHaveLength(3);
    const bound = capacity.nodes.find((n) => n.name === node)!;
    expect(bound).toMatchObject({ ready: true, pods: 1, allocated: { cpu: '1500m', memory: '1Gi' } });
    expect(capacity.nodes.filter((n) => n.name !== node).every((n) => n.pods === 0)).toBe(true);
  });

  it('fit places replicas node by node exactly where the scheduler then puts the same pods', async () => {
    const cluster = await kube.cluster('vanilla', nodes);
    const dto = await register(cluster);
    const fit = await sut.as<FitResultDto>(org.member, REGISTRY_SUBJECTS.fit, { clusterId: dto.id, requests: { cpu: '3', memory: '2Gi' }, replicas: 5 });
    expect(fit).toMatchObject({ fits: true, replicas: 5, placed: 5, reasons: [], skippedClusters: [] });
    const placed: Record<string, number> = {};
    for (let i = 0; i < 5; i++) {
      const node = await schedulePod(cluster, { cpu: '3', memory: '2Gi' });
      placed[node] = (placed[node] ?? 0) + 1;
    }
    expect(Object.fromEntries(fit.placements.map((p) => [p.node, p.replicas]))).toEqual(placed);
    const full = await sut.as<FitResultDto>(org.member, REGISTRY_SUBJECTS.fit, { clusterId: dto.id, requests: { cpu: '3' }, replicas: 1 });
    expect(full).toMatchObject({ fits: false, placed: 0 });
    expect(full.reasons.join(' ')).toContain('Insufficient cpu');
  });

  it('GPUs and node selectors: only the nodes that have them; reasons when nothing fits', async () => {
    const cluster = await kube.cluster('vanilla', nodes);
    const dto = await register(cluster);
    const gpu = await sut.as<FitResultDto>(org.viewer, REGISTRY_SUBJECTS.fit, { clusterId: dto.id, requests: { 'nvidia.com/gpu': '1' }, replicas: 3 });
    expect(gpu).toMatchObject({ fits: false, placed: 2, placements: [{ node: cluster.nodes[1], replicas: 2 }] });
    expect(gpu.reasons.join(' ')).toContain('nvidia.com/gpu');
    const selected = await sut.as<FitResultDto>(org.viewer, REGISTRY_SUBJECTS.fit, { clusterId: dto.id, requests: { cpu: '1' }, nodeSelector: { accelerator: 'a100' } });
    expect(selected.placements).toEqual([{ clusterId: dto.id, clusterName: cluster.name, node: cluster.nodes[1], replicas: 1 }]);
  });

  it('bad requests are a 400 naming the resource', async () => {
    const cluster = await kube.cluster();
    const dto = await register(cluster);
    const failure = await sut.failure(org.viewer, REGISTRY_SUBJECTS.fit, { clusterId: dto.id, requests: { cpu: '-1' } });
    expect(failure.code).toBe('VALIDATION_FAILED');
    expect((failure.details!.fields as Array<{ field: string }>).map((f) => f.field)).toEqual(['requests.cpu']);
  });

  it('a cluster that cannot be read is CLUSTER_UNREACHABLE for capacity; fleet fit skips it and lists it', async () => {
    const up = await kube.cluster('vanilla', [{ capacity: { cpu: '4', memory: '8Gi', pods: '110' } }]);
    const down = await kube.cluster('vanilla', [{ capacity: { cpu: '64', memory: '256Gi', pods: '110' } }]);
    const upDto = await register(up);
    const downDto = await register(down);
    down.faults.unreachable = true;
    const failure = await sut.failure(org.viewer, REGISTRY_SUBJECTS.capacity, { clusterId: downDto.id });
    expect(failure).toMatchObject({ code: 'CLUSTER_UNREACHABLE', details: { clusterId: downDto.id } });
    const fleet = await sut.as<FitResultDto>(org.viewer, REGISTRY_SUBJECTS.fleetFit, { requests: { cpu: '1' }, replicas: 2 });
    expect(fleet).toMatchObject({ fits: true, placed: 2, skippedClusters: [downDto.id] });
    expect(fleet.placements).toEqual([{ clusterId: upDto.id, clusterName: up.name, node: up.nodes[0], replicas: 2 }]);
  });
});
