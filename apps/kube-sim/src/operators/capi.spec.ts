import { Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../apiserver/api-handler';
import { capiClusterController } from './capi.controller';
import { failureOf, startOperatorSim, statusOf, type OperatorSim } from './testing/operator-sim';

const refs = {
  clusterNetwork: { pods: { cidrBlocks: ['192.168.0.0/16'] } },
  infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'DockerCluster', name: 'edge' },
  controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane', name: 'edge-control-plane' },
};
const capiCluster = (name: string, version: string, spec: Record<string, unknown> = refs): KubeObject => ({ apiVersion: `cluster.x-k8s.io/${version}`, kind: 'Cluster', metadata: { name }, spec });

describe(capiClusterController.name, () => {
  let sut: OperatorSim;
  let ns: string;
  let counter = 0;
  const clusters = (version = 'v1beta2') => ({ group: 'cluster.x-k8s.io', version, plural: 'clusters', namespace: ns });
  const read = async (name: string, version = 'v1beta2') => (await sut.custom.getNamespacedCustomObject({ ...clusters(version), name })) as KubeObject;
  const watchPhases = async () => {
    const phases: string[] = [];
    const watch = await new Watch(sut.kubeConfig).watch(`/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters`, {}, (_type, obj: KubeObject) => {
      const phase = statusOf(obj).phase as string | undefined;
      if (phase && phases.at(-1) !== phase) phases.push(phase);
    }, () => undefined);
    return { phases, stop: () => watch.abort() };
  };

  beforeAll(async () => {
    sut = await startOperatorSim();
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `capi${++counter}`;
    await sut.core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('goes Pending → Provisioning → Provisioned with its conditions, endpoint, finalizer and observedGeneration', async () => {
    const seen = await watchPhases();
    await sut.custom.createNamespacedCustomObject({ ...clusters(), body: capiCluster('edge', 'v1beta2') });
    await vi.waitFor(async () => expect(statusOf(await read('edge')).phase).toBe('Provisioned'));
    seen.stop();
    expect(seen.phases).toEqual(['Pending', 'Provisioning', 'Provisioned']);
    const cluster = await read('edge');
    expect(cluster.metadata.finalizers).toEqual(['cluster.cluster.x-k8s.io']);
    expect(cluster.spec).toMatchObject({ controlPlaneEndpoint: { host: `edge.${ns}.capi.kube-sim.local`, port: 6443 } });
    const status = statusOf(cluster);
    expect(status).toMatchObject({ observedGeneration: cluster.metadata.generation, initialization: { infrastructureProvisioned: true, controlPlaneInitialized: true } });
    const conditions = (status.conditions as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`);
    expect(conditions).toEqual(expect.arrayContaining(['InfrastructureReady=True', 'ControlPlaneInitialized=True', 'ControlPlaneAvailable=True', 'Available=True']));
  });

  it('writes a v1beta1 Cluster’s status in v1beta1 shape (infrastructureReady, controlPlaneReady, Ready)', async () => {
    await sut.custom.createNamespacedCustomObject({ ...clusters('v1beta1'), body: capiCluster('old', 'v1beta1', { infrastructureRef: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind: 'DockerCluster', name: 'old' } }) });
    await vi.waitFor(async () => expect(statusOf(await read('old', 'v1beta1'))).toMatchObject({ phase: 'Provisioned', infrastructureReady: true, controlPlaneReady: true }));
    const conditions = statusOf(await read('old', 'v1beta1')).conditions as { type: string; status: string }[];
    expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=True', 'ControlPlaneInitialized=True', 'ControlPlaneReady=True', 'InfrastructureReady=True']);
  });

  it('stays Pending without an infrastructure or control plane reference, as Cluster API does', async () => {
    await sut.custom.createNamespacedCustomObject({ ...clusters(), body: capiCluster('bare', 'v1beta2', {}) });
    await vi.waitFor(async () => expect(statusOf(await read('bare')).phase).toBe('Pending'));
    // a Cluster created after it provisions meanwhile: the controller has passed over the bare one since
    await sut.custom.createNamespacedCustomObject({ ...clusters(), body: capiCluster('later', 'v1beta2') });
    await vi.waitFor(async () => expect(statusOf(await read('later')).phase).toBe('Provisioned'));
    expect(statusOf(await read('bare')).phase).toBe('Pending');
  });

  it('shows Deleting until its finalizer is released, then is gone', async () => {
    await sut.custom.createNamespacedCustomObject({ ...clusters(), body: capiCluster('doomed', 'v1beta2') });
    await vi.waitFor(async () => expect(statusOf(await read('doomed')).phase).toBe('Provisioned'));
    const seen = await watchPhases();
    await sut.custom.deleteNamespacedCustomObject({ ...clusters(), name: 'doomed' });
    await vi.waitFor(async () => expect((await sut.custom.listNamespacedCustomObject({ ...clusters() })).items).toEqual([]));
    seen.stop();
    expect(seen.phases).toEqual(['Provisioned', 'Deleting']);
  });

  it('rejects a reference without a kind with 422 naming the field', async () => {
    const body = capiCluster('bad', 'v1beta2', { infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', name: 'bad' } });
    const failure = await failureOf(sut.custom.createNamespacedCustomObject({ ...clusters(), body }));
    expect(failure).toMatchObject({ code: 422, body: { details: { causes: [expect.objectContaining({ field: 'spec.infrastructureRef.kind', reason: 'FieldValueRequired' })] } } });
  });
});
