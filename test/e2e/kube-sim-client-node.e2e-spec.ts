/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Conformance of kube-sim with @kubernetes/client-node as a user drives it: over HTTPS, from the
// kubeconfig kube-sim writes (loaded from file) and from '@flotilla/kube' kubeConfigForAccess.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';
import { kubeConfigForAccess } from '@flotilla/kube';

async function statusOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; body: string } | undefined;
  if (!error) throw new Error('expected the call to fail');
  return { httpCode: error.code, ...(JSON.parse(error.body) as Record<string, unknown>) };
}

describe('kube-sim conformance (client-node)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-cn-'));
  const kubeconfigPath = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let ns: string;
  let counter = 0;

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }));
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(() => sim?.close());
  beforeEach(async () => {
    ns = `cn${++counter}`;
    await core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('does CRUD through a KubeConfig built by @flotilla/kube from the kubeconfig fields', async () => {
    const file = parse(readFileSync(kubeconfigPath, 'utf8'));
    const { server, 'certificate-authority-data': caData } = file.clusters[0].cluster;
    const api = kubeConfigForAccess({ server, caData, token: file.users[0].user.token }, 'default').makeApiClient(CoreV1Api);
    const created = await api.createNamespacedConfigMap({ namespace: ns, body: { metadata: { generateName: 'c-' }, data: { a: '1' } } });
    const name = created.metadata!.name!;
    expect(name).toMatch(/^c-[a-z0-9]{5}$/);
    const read = await api.readNamespacedConfigMap({ namespace: ns, name });
    const replaced = await api.replaceNamespacedConfigMap({ namespace: ns, name, body: { ...read, data: { a: '2' } } });
    expect(Number(replaced.metadata!.resourceVersion)).toBeGreaterThan(Number(read.metadata!.resourceVersion));
    expect((await api.listNamespacedConfigMap({ namespace: ns })).items.map((c) => c.metadata?.name)).toEqual([name]);
    await api.deleteNamespacedConfigMap({ namespace: ns, name });
    expect(await statusOf(api.readNamespacedConfigMap({ namespace: ns, name }))).toMatchObject({ httpCode: 404, reason: 'NotFound' });
  });

  it('applies all four patch types', async () => {
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'pp' }, spec: { containers: [{ name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] } } });
    const opts = (type: string) => setHeaderOptions('Content-Type', type);
    await core.patchNamespacedPod({ namespace: ns, name: 'pp', body: [{ op: 'add', path: '/metadata/labels', value: { j: 'x' } }] }, opts(PatchStrategy.JsonPatch));
    await core.patchNamespacedPod({ namespace: ns, name: 'pp', body: { metadata: { labels: { m: 'y' } } } }, opts(PatchStrategy.MergePatch));
    const smp = await core.patchNamespacedPod(
      { namespace: ns, name: 'pp', body: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } } },
      opts(PatchStrategy.StrategicMergePatch),
    );
    expect(smp.metadata?.labels).toEqual({ j: 'x', m: 'y' });
    expect(smp.spec?.containers[0]).toMatchObject({ image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] });
    const apply = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } };
    const applied = await core.patchNamespacedConfigMap({ namespace: ns, name: 'applied', body: apply, fieldManager: 'e2e' }, opts(PatchStrategy.ServerSideApply));
    expect(applied.data).toEqual({ k: 'v' });
  });

  it('answers errors as Status bodies: 404, 409 AlreadyExists and Conflict, 422 with causes', async () => {
    expect(await statusOf(core.readNamespacedConfigMap({ namespace: ns, name: 'nope' }))).toMatchObject({
      httpCode: 404, kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, details: { name: 'nope' },
    });
    const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'dup' } } });
    expect(await statusOf(core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'dup' } } }))).toMatchObject({ code: 409, reason: 'AlreadyExists' });
    await core.replaceNamespacedConfigMap({ namespace: ns, name: 'dup', body: { ...cm, data: { x: '1' } } });
    expect(await statusOf(core.replaceNamespacedConfigMap({ namespace: ns, name: 'dup', body: { ...cm, data: { x: '2' } } }))).toMatchObject({ code: 409, reason: 'Conflict' });
    const invalid = await statusOf(core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'Not_Valid' } } }));
    expect(invalid).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'metadata.name' })] } });
  });

  it('lists with label selectors and pagination', async () => {
    for (const name of ['a', 'b', 'c']) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels: { tier: name === 'b' ? 'x' : 'y' } } } });
    expect((await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier=y' })).items.map((c) => c.metadata?.name)).toEqual(['a', 'c']);
    const page = await core.listNamespacedConfigMap({ namespace: ns, limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: page.metadata!._continue! });
    expect(rest.items.map((c) => c.metadata?.name)).toEqual(['c']);
  });

  it('watches, answers 410 Expired for a compacted resourceVersion, and resumes from a newer one', async () => {
    const start = (await core.listNamespacedConfigMap({ namespace: ns })).metadata!.resourceVersion!;
    const watch = new Watch(kc);
    const seen: string[] = [];
    const live = await watch.watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: start }, (phase, obj) => seen.push(`${phase} ${obj.metadata.name}`), () => undefined);
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w1' } } });
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'w1' });
    await vi.waitFor(() => expect(seen).toEqual(['ADDED w1', 'DELETED w1']));
    live.abort();

    // the simulator keeps the last 1000 changes: push the start out of the window
    for (let batch = 0; batch < 21; batch++) {
      await Promise.all(Array.from({ length: 50 }, () => core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { generateName: 'fill-' } } })));
    }
    const errors: { code?: number; reason?: string }[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: start }, (phase, obj) => phase === 'ERROR' && errors.push(obj), () => resolve());
    });
    expect(errors).toEqual([expect.objectContaining({ code: 410, reason: 'Expired' })]);

    const resumeFrom = (await core.listNamespacedConfigMap({ namespace: ns, limit: 1 })).metadata!.resourceVersion!;
    const resumed: string[] = [];
    const again = await watch.watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: resumeFrom }, (phase, obj) => resumed.push(`${phase} ${obj.metadata.name}`), () => undefined);
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'after' } } });
    await vi.waitFor(() => expect(resumed).toEqual(['ADDED after']));
    again.abort();
  }, 60_000);
});
