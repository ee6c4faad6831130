import { AppsV1Api } from '@kubernetes/client-node';
import type { KubeObject } from '../apiserver/api-handler';
import { notebookController } from './notebook.controller';
import { failureOf, startOperatorSim, statusOf, type OperatorSim } from './testing/operator-sim';

const notebook = (name: string, gpus: string, version = 'v1'): KubeObject => ({
  apiVersion: `kubeflow.org/${version}`,
  kind: 'Notebook',
  metadata: { name, labels: { app: name } },
  spec: {
    template: {
      spec: {
        containers: [{ name, image: 'kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0', resources: { requests: { cpu: '1', memory: '4Gi', 'nvidia.com/gpu': gpus }, limits: { 'nvidia.com/gpu': gpus } } }],
      },
    },
  },
});

describe(notebookController.name, () => {
  let sut: OperatorSim;
  let apps: AppsV1Api;
  let ns: string;
  let counter = 0;
  const nbs = (version = 'v1') => ({ group: 'kubeflow.org', version, plural: 'notebooks', namespace: ns });
  const read = async (name: string, version = 'v1') => (await sut.custom.getNamespacedCustomObject({ ...nbs(version), name })) as KubeObject;
  const annotate = (name: string, annotations: Record<string, string | null>) => sut.custom.patchNamespacedCustomObject({ ...nbs(), name, body: { metadata: { annotations } } }, sut.mergePatch);

  beforeAll(async () => {
    sut = await startOperatorSim();
    apps = sut.kubeConfig.makeApiClient(AppsV1Api);
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `nb${++counter}`;
    await sut.core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('runs a notebook as a one-replica StatefulSet with its GPU request and a Service, reporting the pod in its status', async () => {
    await sut.custom.createNamespacedCustomObject({ ...nbs(), body: notebook('lab', '1') });
    await vi.waitFor(async () => expect(statusOf(await read('lab'))).toMatchObject({ readyReplicas: 1, containerState: { running: expect.any(Object) } }));
    const status = statusOf(await read('lab'));
    expect(status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    const sts = await apps.readNamespacedStatefulSet({ namespace: ns, name: 'lab' });
    expect(sts.spec?.replicas).toBe(1);
    expect(sts.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Notebook', name: 'lab', controller: true });
    const pod = await sut.core.readNamespacedPod({ namespace: ns, name: 'lab-0' });
    expect(pod.spec?.nodeName).toBe('worker-1');
    expect(pod.spec?.containers[0].resources?.requests).toMatchObject({ 'nvidia.com/gpu': '1' });
    expect(pod.spec?.containers[0].env).toContainEqual({ name: 'NB_PREFIX', value: `/notebook/${ns}/lab` });
    const svc = await sut.core.readNamespacedService({ namespace: ns, name: 'lab' });
    expect(svc.spec?.ports?.[0]).toMatchObject({ port: 80, targetPort: 8888 });
  });

  it('stops on the kubeflow-resource-stopped annotation and starts again when it goes', async () => {
    await sut.custom.createNamespacedCustomObject({ ...nbs(), body: notebook('pause', '1') });
    await vi.waitFor(async () => expect(statusOf(await read('pause')).readyReplicas).toBe(1));
    await annotate('pause', { 'kubeflow-resource-stopped': '2026-01-01T00:00:00Z' });
    await vi.waitFor(async () => expect(statusOf(await read('pause'))).toEqual({ readyReplicas: 0, containerState: {}, conditions: [] }));
    expect((await apps.readNamespacedStatefulSet({ namespace: ns, name: 'pause' })).spec?.replicas).toBe(0);
    expect((await sut.core.listNamespacedPod({ namespace: ns })).items).toEqual([]);
    await annotate('pause', { 'kubeflow-resource-stopped': null });
    await vi.waitFor(async () => expect(statusOf(await read('pause')).readyReplicas).toBe(1));
  });

  it('serves v1beta1 notebooks alike, and leaves a notebook Pending when no node has the GPUs', async () => {
    await sut.custom.createNamespacedCustomObject({ ...nbs('v1beta1'), body: notebook('beta', '1', 'v1beta1') });
    await vi.waitFor(async () => expect(statusOf(await read('beta', 'v1beta1')).readyReplicas).toBe(1));
    await sut.custom.createNamespacedCustomObject({ ...nbs(), body: notebook('greedy', '16') });
    await vi.waitFor(async () =>
      expect(statusOf(await read('greedy')).conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.' })),
    );
    expect(statusOf(await read('greedy')).readyReplicas).toBe(0);
  });

  it('rejects a notebook without containers with 422 naming the field', async () => {
    const body = { ...notebook('empty', '1'), spec: { template: { spec: {} } } };
    const failure = await failureOf(sut.custom.createNamespacedCustomObject({ ...nbs(), body }));
    expect(failure).toMatchObject({ code: 422, body: { details: { causes: [expect.objectContaining({ field: 'spec.template.spec.containers', reason: 'FieldValueRequired' })] } } });
  });
});
