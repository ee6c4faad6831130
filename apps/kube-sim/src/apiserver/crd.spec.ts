import { ApiextensionsV1Api, CustomObjectsApi, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { apiGroupList, apiResourceList } from '../discovery/discovery';
import { CustomResources } from './crd';
import type { KubeObject } from './store';
import { loadCrd } from './testing/crd-fixtures';
import { startSimHttp, type SimHttp } from './testing/sim-http';

const CNPG = { group: 'postgresql.cnpg.io', version: 'v1', plural: 'clusters' };

async function statusOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; body: string } | undefined;
  if (!error) throw new Error('expected the call to fail');
  return JSON.parse(error.body) as Record<string, unknown>;
}

// the typed ApiextensionsV1Api would drop `default` and `enum` (it maps them as `_default`/`_enum`), so CRDs are posted as JSON
async function installCrd(sut: SimHttp, crd: KubeObject): Promise<Response> {
  return fetch(`${sut.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(crd) });
}

const pg = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name }, spec });

describe(CustomResources.name, () => {
  let sut: SimHttp;
  let crds: ApiextensionsV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    sut = await startSimHttp();
    crds = sut.kubeConfig.makeApiClient(ApiextensionsV1Api);
    custom = sut.kubeConfig.makeApiClient(CustomObjectsApi);
    expect((await installCrd(sut, loadCrd('cnpg-clusters.yaml.gz'))).status).toBe(201);
  });
  afterAll(() => sut.close());

  it('accepts the real CNPG CRD and reports it Established with its accepted names', async () => {
    const crd = await crds.readCustomResourceDefinition({ name: 'clusters.postgresql.cnpg.io' });
    expect(crd.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(crd.status?.acceptedNames).toMatchObject({ kind: 'Cluster', plural: 'clusters', singular: 'cluster', listKind: 'ClusterList' });
    expect(crd.status?.storedVersions).toEqual(['v1']);
  });

  it('lists the group and its resources in discovery', () => {
    const groups = (apiGroupList(sut.sim.resourceTypes).groups as { name: string }[]).map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apiextensions.k8s.io', 'postgresql.cnpg.io']));
    const resources = (apiResourceList(sut.sim.resourceTypes, 'postgresql.cnpg.io/v1')?.resources as { name: string }[]).map((r) => r.name);
    expect(resources).toEqual(['clusters', 'clusters/status', 'clusters/scale']);
  });

  it('creates a valid Cluster with its schema defaults and prunes unknown fields', async () => {
    const body = pg('main', { instances: 3, storage: { size: '1Gi' }, bogus: 'x' });
    const created = await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body });
    expect(created.spec.instances).toBe(3);
    expect(created.spec.bogus).toBeUndefined();
    expect(created.spec.logLevel).toBe('info');
    expect(created.spec.enableSuperuserAccess).toBe(false);
    const read = await custom.getNamespacedCustomObject({ ...CNPG, namespace: 'default', name: 'main' });
    expect(read.metadata.uid).toBe(created.metadata.uid);
    const minimal = await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('minimal', {}) });
    expect(minimal.spec.instances).toBe(1);
  });

  it('rejects an invalid Cluster with 422 Invalid naming the field', async () => {
    const status = await statusOf(custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('bad', { instances: 'three' }) }));
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Cluster.postgresql.cnpg.io "bad" is invalid: spec.instances: Invalid value: "string": spec.instances in body must be of type integer: "string"',
      details: { name: 'bad', group: 'postgresql.cnpg.io', kind: 'Cluster', causes: [{ reason: 'FieldValueTypeInvalid', field: 'spec.instances' }] },
    });
    const low = await statusOf(custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('low', { instances: 0, logLevel: 'loud' }) }));
    expect((low.details as { causes: unknown[] }).causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.instances', message: 'Invalid value: 0: spec.instances in body should be greater than or equal to 1' },
      { reason: 'FieldValueNotSupported', field: 'spec.logLevel', message: expect.stringMatching(/^Unsupported value: "loud": supported values: "error", /) },
    ]);
  });

  it('serves the status subresource and patches the main resource', async () => {
    await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('st', { instances: 1 }) });
    const status = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'st' }, status: { phase: 'Cluster in healthy state', instances: 1 } };
    const written = await custom.replaceNamespacedCustomObjectStatus({ ...CNPG, namespace: 'default', name: 'st', body: status });
    expect(written.status.phase).toBe('Cluster in healthy state');
    const patched = await custom.patchNamespacedCustomObject({ ...CNPG, namespace: 'default', name: 'st', body: [{ op: 'replace', path: '/spec/instances', value: 2 }] });
    expect(patched.spec.instances).toBe(2);
    expect(patched.status.phase).toBe('Cluster in healthy state');
    expect(patched.metadata.generation).toBe(2);
  });

  it('serves the scale subresource the CRD declares', async () => {
    await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('sc', { instances: 2 }) });
    expect(await custom.getNamespacedCustomObjectScale({ ...CNPG, namespace: 'default', name: 'sc' })).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 0 } });
    const scaled = await custom.patchNamespacedCustomObjectScale({ ...CNPG, namespace: 'default', name: 'sc', body: { spec: { replicas: 4 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(scaled.spec.replicas).toBe(4);
    expect((await custom.getNamespacedCustomObject({ ...CNPG, namespace: 'default', name: 'sc' })).spec.instances).toBe(4);
  });

  it('answers kubectl Tables with the version\'s additionalPrinterColumns', async () => {
    const response = await fetch(`${sut.url}/apis/postgresql.cnpg.io/v1/namespaces/default/clusters/st`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    const table = (await response.json()) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Instances', 'Ready', 'Status', 'Primary', 'SyncTopology']);
    expect(table.rows[0].cells).toEqual(['st', expect.stringMatching(/^\d+s$/), 1, null, 'Cluster in healthy state', null, null]);
  });

  it('watches custom resources', async () => {
    const events: string[] = [];
    const rv = sut.sim.resourceVersion;
    const watch = new Watch(sut.kubeConfig);
    const controller = await watch.watch('/apis/postgresql.cnpg.io/v1/namespaces/default/clusters', { resourceVersion: rv }, (phase, obj) => events.push(`${phase} ${obj.metadata.name}`), () => undefined);
    await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'default', body: pg('watched', {}) });
    await custom.deleteNamespacedCustomObject({ ...CNPG, namespace: 'default', name: 'watched' });
    await vi.waitFor(() => expect(events).toEqual(['ADDED watched', 'DELETED watched']));
    controller.abort();
  });

  it('removes the type and its objects when the CRD is deleted', async () => {
    await installCrd(sut, loadCrd('strimzi-040-Crd-kafka.yaml.gz'));
    const kafka = { group: 'kafka.strimzi.io', version: 'v1', plural: 'kafkas', namespace: 'default' };
    await custom.createNamespacedCustomObject({ ...kafka, body: { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'k1' }, spec: { kafka: { listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }] } } } });
    expect(sut.sim.list('kafkas.kafka.strimzi.io')).toHaveLength(1);
    expect(sut.sim.resourceTypes.find((rt) => rt.plural === 'kafkas')?.shortNames).toEqual(['k']);
    await crds.deleteCustomResourceDefinition({ name: 'kafkas.kafka.strimzi.io' });
    expect(sut.sim.resourceTypes.some((rt) => rt.group === 'kafka.strimzi.io')).toBe(false);
    expect((await statusOf(custom.listNamespacedCustomObject(kafka))).code).toBe(404);
    await installCrd(sut, loadCrd('strimzi-040-Crd-kafka.yaml.gz'));
    expect((await custom.listNamespacedCustomObject(kafka)).items).toEqual([]);
  });

  it('serves an updated CRD at once (new short name) and keeps its conditions', async () => {
    const crd = await crds.readCustomResourceDefinition({ name: 'clusters.postgresql.cnpg.io' });
    await crds.patchCustomResourceDefinition({ name: 'clusters.postgresql.cnpg.io', body: [{ op: 'add', path: '/spec/names/shortNames', value: ['pgc'] }] });
    expect(sut.sim.resourceTypes.find((rt) => rt.group === 'postgresql.cnpg.io')?.shortNames).toEqual(['pgc']);
    const updated = await crds.readCustomResourceDefinition({ name: 'clusters.postgresql.cnpg.io' });
    expect(updated.status?.acceptedNames?.shortNames).toEqual(['pgc']);
    expect(updated.status?.conditions).toEqual(crd.status?.conditions);
    expect((await custom.listNamespacedCustomObject({ ...CNPG, namespace: 'default' })).items.length).toBeGreaterThan(0);
  });

  it('publishes the version schema as an OpenAPI v3 document with paths', () => {
    const document = JSON.parse(sut.sim.openApiV3('apis/postgresql.cnpg.io/v1')?.toString() ?? '{}');
    expect(document.components.schemas['io.cnpg.postgresql.v1.Cluster']['x-kubernetes-group-version-kind']).toEqual([{ group: 'postgresql.cnpg.io', version: 'v1', kind: 'Cluster' }]);
    expect(Object.keys(document.paths)).toEqual(['/apis/postgresql.cnpg.io/v1/namespaces/{namespace}/clusters', '/apis/postgresql.cnpg.io/v1/namespaces/{namespace}/clusters/{name}']);
    expect(sut.sim.openApiV3('apis/apps/v1')).toBeUndefined();
  });

  it('deletes custom resources with their namespace', async () => {
    sut.sim.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await custom.createNamespacedCustomObject({ ...CNPG, namespace: 'doomed', body: pg('inside', {}) });
    sut.sim.delete('namespaces', undefined, 'doomed');
    await vi.waitFor(() => expect(sut.sim.list('clusters.postgresql.cnpg.io', 'doomed')).toEqual([]));
  });

  it('rejects a CRD for a built-in group', async () => {
    const crd = loadCrd('strimzi-040-Crd-kafka.yaml.gz') as KubeObject & { spec: { group: string } };
    crd.spec.group = 'apps';
    crd.metadata = { name: 'kafkas.apps' };
    const response = await installCrd(sut, crd);
    expect(await response.json()).toMatchObject({ code: 422, details: { causes: [{ field: 'spec.group' }] } });
    expect(sut.sim.resourceTypes.filter((rt) => rt.group === 'apps').map((rt) => rt.plural)).not.toContain('kafkas');
  });

  it('rejects a CRD whose name does not match its plural and group', async () => {
    const crd = loadCrd('strimzi-040-Crd-kafka.yaml.gz');
    crd.metadata = { name: 'wrong.example.com' };
    const response = await installCrd(sut, crd);
    expect(await response.json()).toMatchObject({ code: 422, details: { causes: [{ field: 'metadata.name' }] } });
  });
});
