import { Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../apiserver/api-handler';
import { cnpgController } from './cnpg.controller';
import { failureOf, startOperatorSim, statusOf, type OperatorSim } from './testing/operator-sim';

const CLUSTERS = { group: 'postgresql.cnpg.io', version: 'v1', plural: 'clusters' };

const pg = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name },
  spec: { instances: 3, storage: { size: '5Gi' }, resources: { requests: { cpu: '500m', memory: '1Gi' } }, ...spec },
});

describe(cnpgController.name, () => {
  let sut: OperatorSim;
  let ns: string;
  let counter = 0;
  const read = async (name: string) => (await sut.custom.getNamespacedCustomObject({ ...CLUSTERS, namespace: ns, name })) as KubeObject;
  const patch = (name: string, body: object) => sut.custom.patchNamespacedCustomObject({ ...CLUSTERS, namespace: ns, name, body }, sut.mergePatch);
  const pods = async (name: string) => (await sut.core.listNamespacedPod({ namespace: ns, labelSelector: `cnpg.io/cluster=${name}` })).items;
  const podNames = async (name: string) => (await pods(name)).map((p) => p.metadata?.name).sort();
  const pvcNames = async () => (await sut.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.map((p) => p.metadata?.name).sort();
  const until = (name: string, phase: string, ready?: number) =>
    vi.waitFor(async () => expect(statusOf(await read(name))).toMatchObject({ phase, ...(ready === undefined ? {} : { readyInstances: ready }) }), { timeout: 5000 });

  beforeAll(async () => {
    sut = await startOperatorSim();
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `pg${++counter}`;
    await sut.core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('sets up the primary, then the replicas one by one, until the cluster is healthy', async () => {
    const phases: string[] = [];
    const watch = await new Watch(sut.kubeConfig).watch(`/apis/postgresql.cnpg.io/v1/namespaces/${ns}/clusters`, {}, (_type, obj: KubeObject) => {
      const phase = statusOf(obj).phase as string | undefined;
      if (phase && phases.at(-1) !== phase) phases.push(phase);
    }, () => undefined);
    await sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('db') });
    await until('db', 'Cluster in healthy state', 3);
    watch.abort();
    expect(phases).toEqual(['Setting up primary', 'Creating a new replica', 'Cluster in healthy state']);
    const status = statusOf(await read('db'));
    expect(status).toMatchObject({ instances: 3, readyInstances: 3, currentPrimary: 'db-1', writeService: 'db-rw', conditions: [expect.objectContaining({ type: 'Ready', status: 'True', reason: 'ClusterIsReady' })] });
    const roles = (await pods('db')).map((p) => [p.metadata?.name, p.metadata?.labels?.['cnpg.io/instanceRole'], p.metadata?.labels?.role]).sort();
    expect(roles).toEqual([['db-1', 'primary', 'primary'], ['db-2', 'replica', 'replica'], ['db-3', 'replica', 'replica']]);
    expect((await pods('db'))[0].spec?.containers[0].resources?.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    const claims = (await sut.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items;
    expect(claims.map((c) => [c.metadata?.name, c.status?.phase, c.spec?.resources?.requests?.storage])).toEqual([['db-1', 'Bound', '5Gi'], ['db-2', 'Bound', '5Gi'], ['db-3', 'Bound', '5Gi']]);
    expect((await sut.core.listNamespacedService({ namespace: ns })).items.map((s) => s.metadata?.name).sort()).toEqual(['db-r', 'db-ro', 'db-rw']);
    expect((await sut.core.readNamespacedSecret({ namespace: ns, name: 'db-app' })).type).toBe('kubernetes.io/basic-auth');
  });

  it('scales down by removing the newest replica with its PVC, and up with a new serial', async () => {
    await sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('sc') });
    await until('sc', 'Cluster in healthy state', 3);
    await patch('sc', { spec: { instances: 2 } });
    await vi.waitFor(async () => expect(await podNames('sc')).toEqual(['sc-1', 'sc-2']));
    expect(await pvcNames()).toEqual(['sc-1', 'sc-2']);
    await patch('sc', { spec: { instances: 3 } });
    await until('sc', 'Cluster in healthy state', 3);
    expect(await podNames('sc')).toEqual(['sc-1', 'sc-2', 'sc-4']);
  });

  it('hibernates on the annotation (pods gone, PVCs kept) and wakes up without it', async () => {
    await sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('zz', { instances: 2 }) });
    await until('zz', 'Cluster in healthy state', 2);
    await patch('zz', { metadata: { annotations: { 'cnpg.io/hibernation': 'on' } } });
    await until('zz', 'Cluster in hibernation', 0);
    expect(await podNames('zz')).toEqual([]);
    expect(await pvcNames()).toEqual(['zz-1', 'zz-2']);
    expect(statusOf(await read('zz')).conditions).toContainEqual(expect.objectContaining({ type: 'cnpg.io/hibernation', status: 'True', reason: 'Hibernated' }));
    await patch('zz', { metadata: { annotations: { 'cnpg.io/hibernation': 'off' } } });
    await until('zz', 'Cluster in healthy state', 2);
    expect(await podNames('zz')).toEqual(['zz-1', 'zz-2']);
    const status = statusOf(await read('zz'));
    expect(status.currentPrimary).toBe('zz-1');
    expect((status.conditions as { type: string }[]).map((c) => c.type)).toEqual(['Ready']);
  });

  it('brings a deleted instance pod back on its PVC', async () => {
    await sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('heal', { instances: 2 }) });
    await until('heal', 'Cluster in healthy state', 2);
    const before = (await pods('heal')).find((p) => p.metadata?.name === 'heal-2')?.metadata?.uid;
    await sut.core.deleteNamespacedPod({ namespace: ns, name: 'heal-2' });
    await vi.waitFor(async () => {
      const again = (await pods('heal')).find((p) => p.metadata?.name === 'heal-2');
      expect(again?.metadata?.uid).not.toBe(before);
      expect(again?.status?.phase).toBe('Running');
    });
  });

  it('rejects instances below 1 with 422 naming the field, and garbage-collects a deleted cluster', async () => {
    const failure = await failureOf(sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('bad', { instances: 0 }) }));
    expect(failure).toMatchObject({ code: 422, body: { details: { causes: [expect.objectContaining({ field: 'spec.instances' })] } } });
    await sut.custom.createNamespacedCustomObject({ ...CLUSTERS, namespace: ns, body: pg('tmp', { instances: 1 }) });
    await until('tmp', 'Cluster in healthy state', 1);
    await sut.custom.deleteNamespacedCustomObject({ ...CLUSTERS, namespace: ns, name: 'tmp' });
    await vi.waitFor(async () => {
      expect(await podNames('tmp')).toEqual([]);
      expect(await pvcNames()).toEqual([]);
    });
  });
});
