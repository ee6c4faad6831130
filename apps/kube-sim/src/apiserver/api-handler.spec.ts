import { AppsV1Api, CoreV1Api, PatchStrategy, Watch, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { SimApiServer } from './api-handler';
import { startSimHttp, type SimHttp } from './testing/sim-http';

const podOf = (name: string, labels: Record<string, string> = {}): V1Pod => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] },
});

async function statusOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; body: string } | undefined;
  if (!error) throw new Error('expected the call to fail');
  return JSON.parse(error.body) as Record<string, unknown>;
}

describe(SimApiServer.name, () => {
  let sut: SimHttp;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let ns: string;
  let counter = 0;

  beforeAll(async () => {
    sut = await startSimHttp({ historySize: 50, bookmarkIntervalMs: 50 });
    core = sut.kubeConfig.makeApiClient(CoreV1Api);
    apps = sut.kubeConfig.makeApiClient(AppsV1Api);
  });
  afterAll(() => sut.close());
  beforeEach(async () => {
    ns = `t${++counter}`;
    await core.createNamespace({ body: { metadata: { name: ns } } });
  });

  it('pre-creates the system namespaces', async () => {
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
  });

  it('creates with server defaults and generateName, reads back, and bumps resourceVersion', async () => {
    const created = await core.createNamespacedPod({ namespace: ns, body: { ...podOf(''), metadata: { generateName: 'web-' } } });
    expect(created.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.generation).toBe(1);
    const read = await core.readNamespacedPod({ namespace: ns, name: created.metadata!.name! });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'c' }, data: { a: '1' } } });
    expect(Number(cm.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
  });

  it('retries a generateName whose random suffix is taken, as kube-apiserver does, instead of a 409', async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'gen-bbbbb' } } });
    // the first suffix drawn is "bbbbb" (taken), the next one is free
    const draws = [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5];
    const random = vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.9);
    try {
      const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { generateName: 'gen-' } } });
      expect(created.metadata?.name).toMatch(/^gen-(?!bbbbb)[a-z0-9]{5}$/);
    } finally {
      random.mockRestore();
    }
  });

  it('answers Status bodies: 404 NotFound, 409 AlreadyExists, 409 Conflict, 422 Invalid, 404 for a missing namespace', async () => {
    expect(await statusOf(core.readNamespacedPod({ namespace: ns, name: 'nope' }))).toMatchObject({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' },
    });
    await core.createNamespacedPod({ namespace: ns, body: podOf('a') });
    expect(await statusOf(core.createNamespacedPod({ namespace: ns, body: podOf('a') }))).toMatchObject({ reason: 'AlreadyExists', code: 409 });
    const current = await core.readNamespacedPod({ namespace: ns, name: 'a' });
    await core.replaceNamespacedPod({ namespace: ns, name: 'a', body: { ...current, metadata: { ...current.metadata, labels: { v: '2' } } } });
    const stale = await statusOf(core.replaceNamespacedPod({ namespace: ns, name: 'a', body: current }));
    expect(stale).toMatchObject({ reason: 'Conflict', code: 409, details: { name: 'a', kind: 'pods' } });
    const bad = await statusOf(core.createNamespacedPod({ namespace: ns, body: podOf('Bad_Name') }));
    expect(bad).toMatchObject({ reason: 'Invalid', code: 422, details: { kind: 'Pod', causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid' }] } });
    const noName = await statusOf(core.createNamespacedConfigMap({ namespace: ns, body: { metadata: {} } }));
    expect(noName).toMatchObject({ code: 422, details: { causes: [{ field: 'metadata.name', reason: 'FieldValueRequired' }] } });
    expect(await statusOf(core.createNamespacedPod({ namespace: 'missing-ns', body: podOf('x') }))).toMatchObject({ code: 404, message: 'namespaces "missing-ns" not found' });
  });

  it('lists across namespaces with label and field selectors and paginates with continue', async () => {
    for (const [name, tier] of [['p1', 'web'], ['p2', 'web'], ['p3', 'db'], ['p4', 'cache']]) {
      await core.createNamespacedPod({ namespace: ns, body: podOf(name, { tier }) });
    }
    const web = await core.listNamespacedPod({ namespace: ns, labelSelector: 'tier in (web,cache),tier!=cache' });
    expect(web.items.map((p) => p.metadata?.name)).toEqual(['p1', 'p2']);
    expect(web.kind).toBe('PodList');
    const byName = await core.listPodForAllNamespaces({ fieldSelector: `metadata.name=p3,metadata.namespace=${ns}` });
    expect(byName.items.map((p) => p.metadata?.name)).toEqual(['p3']);
    const page1 = await core.listNamespacedPod({ namespace: ns, limit: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.metadata?.remainingItemCount).toBe(1);
    const page2 = await core.listNamespacedPod({ namespace: ns, limit: 3, _continue: page1.metadata!._continue! });
    expect(page2.items.map((p) => p.metadata?.name)).toEqual(['p4']);
    expect(page2.metadata?._continue).toBeUndefined();
  });

  it('updates status only through the status subresource and bumps generation on spec changes', async () => {
    const dep = await apps.createNamespacedDeployment({
      namespace: ns,
      body: { metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    });
    const withStatus = await apps.replaceNamespacedDeploymentStatus({ namespace: ns, name: 'd', body: { ...dep, spec: { ...dep.spec!, replicas: 9 }, status: { readyReplicas: 1 } } });
    expect(withStatus.status?.readyReplicas).toBe(1);
    expect(withStatus.spec?.replicas).toBe(1);
    const scaled = await apps.replaceNamespacedDeployment({ namespace: ns, name: 'd', body: { ...withStatus, spec: { ...withStatus.spec!, replicas: 3 }, status: {} } });
    expect(scaled.spec?.replicas).toBe(3);
    expect(scaled.status?.readyReplicas).toBe(1);
    expect(scaled.metadata?.generation).toBe(2);
  });

  it('patches with json, merge, strategic merge and server-side apply', async () => {
    await core.createNamespacedPod({ namespace: ns, body: podOf('pp') });
    const opts = (type: string) => setHeaderOptions('Content-Type', type);
    await core.patchNamespacedPod({ namespace: ns, name: 'pp', body: [{ op: 'add', path: '/metadata/labels/j', value: 'x' }] }, opts(PatchStrategy.JsonPatch));
    await core.patchNamespacedPod({ namespace: ns, name: 'pp', body: { metadata: { labels: { m: 'y' } } } }, opts(PatchStrategy.MergePatch));
    const smp = await core.patchNamespacedPod(
      { namespace: ns, name: 'pp', body: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } } },
      opts(PatchStrategy.StrategicMergePatch),
    );
    expect(smp.metadata?.labels).toEqual({ j: 'x', m: 'y' });
    expect(smp.spec?.containers[0].image).toBe('nginx:1');
    expect(smp.spec?.containers[0].env?.map((e) => e.name)).toEqual(['A', 'B']);
    const apply = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } };
    const created = await core.patchNamespacedConfigMap({ namespace: ns, name: 'applied', body: apply, fieldManager: 'test' }, opts(PatchStrategy.ServerSideApply));
    expect(created.data).toEqual({ k: 'v' });
    const merged = await core.patchNamespacedConfigMap({ namespace: ns, name: 'applied', body: { ...apply, data: { k2: 'v2' } }, fieldManager: 'test' }, opts(PatchStrategy.ServerSideApply));
    // the same manager no longer applies `k`, and nobody else owns it: server-side apply removes it
    expect(merged.data).toEqual({ k2: 'v2' });
    const noManager = await statusOf(core.patchNamespacedConfigMap({ namespace: ns, name: 'applied', body: apply }, opts(PatchStrategy.ServerSideApply)));
    expect(noManager).toMatchObject({ code: 422 });
  });

  it('does not store anything on dryRun=All', async () => {
    const dry = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'dry' } }, dryRun: 'All' });
    expect(dry.metadata?.uid).toBeDefined();
    expect(sut.sim.get('configmaps', ns, 'dry')).toBeUndefined();
  });

  it('watches: replays from a resourceVersion, sends bookmarks, and answers 410 for a compacted one', async () => {
    const start = sut.sim.resourceVersion;
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w1', labels: { w: 'y' } } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w2' } } });
    const seen: string[] = [];
    let bookmarks = 0;
    const watch = new Watch(sut.kubeConfig);
    const controller = await watch.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: start, allowWatchBookmarks: true, labelSelector: 'w=y' },
      (phase, obj) => (phase === 'BOOKMARK' ? bookmarks++ : seen.push(`${phase} ${obj.metadata.name}`)),
      () => undefined,
    );
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'w1' });
    await vi.waitFor(() => expect(bookmarks).toBeGreaterThan(0));
    controller.abort();
    expect(seen).toEqual(['ADDED w1', 'DELETED w1']);

    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { generateName: 'fill-' } } });
    const errors: { code?: number; reason?: string }[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: start }, (phase, obj) => phase === 'ERROR' && errors.push(obj), () => resolve());
    });
    expect(errors).toEqual([expect.objectContaining({ code: 410, reason: 'Expired' })]);

    const resumeFrom = sut.sim.resourceVersion;
    const resumed: string[] = [];
    const again = await watch.watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: resumeFrom }, (phase, obj) => resumed.push(`${phase} ${obj.metadata.name}`), () => undefined);
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'after' } } });
    await vi.waitFor(() => expect(resumed).toEqual(['ADDED after']));
    again.abort();
  });

  it('keeps objects with finalizers until they are removed, and garbage-collects dependents in the background', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'owner', finalizers: ['example.com/hold'] } } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! };
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'dep', ownerReferences: [ref] } } });
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'owner' });
    expect(sut.sim.get('configmaps', ns, 'owner')?.metadata.deletionTimestamp).toBeDefined();
    const current = await core.readNamespacedConfigMap({ namespace: ns, name: 'owner' });
    await core.replaceNamespacedConfigMap({ namespace: ns, name: 'owner', body: { ...current, metadata: { ...current.metadata, finalizers: [] } } });
    expect(sut.sim.get('configmaps', ns, 'owner')).toBeUndefined();
    expect(sut.sim.get('secrets', ns, 'dep')).toBeUndefined();
  });

  it('orphans dependents with propagationPolicy=Orphan', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'o' } } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: owner.metadata!.uid! };
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'kept', ownerReferences: [ref] } } });
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'o', propagationPolicy: 'Orphan' });
    expect(sut.sim.get('secrets', ns, 'kept')?.metadata.ownerReferences).toBeUndefined();
  });

  it('terminates a namespace: Terminating, contents deleted, then gone; no new content meanwhile', async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    await core.createNamespacedPod({ namespace: ns, body: podOf('gone') });
    await core.deleteNamespace({ name: ns });
    expect((await core.readNamespace({ name: ns })).status?.phase).toBe('Terminating');
    expect(sut.sim.get('pods', ns, 'gone')).toBeUndefined();
    expect(await statusOf(core.createNamespacedPod({ namespace: ns, body: podOf('late') }))).toMatchObject({ code: 403, reason: 'Forbidden' });
    await core.patchNamespacedConfigMap({ namespace: ns, name: 'held', body: { metadata: { finalizers: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(sut.sim.get('namespaces', undefined, ns)).toBeUndefined();
  });

  it('answers Tables for kubectl and pod logs as text', async () => {
    await core.createNamespacedPod({ namespace: ns, body: { ...podOf('tp'), status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 2, image: 'i', imageID: '' }] } } as V1Pod });
    const res = await fetch(`${sut.url}/api/v1/namespaces/${ns}/pods`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    const table = (await res.json()) as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['tp', '0/1', 'Pending', 0]);
    expect(table.rows[0].object.kind).toBe('PartialObjectMetadata');
    const log = await fetch(`${sut.url}/api/v1/namespaces/${ns}/pods/tp/log`);
    expect(log.headers.get('content-type')).toBe('text/plain');
    expect(await log.text()).toContain(`pod ${ns}/tp`);
  });
});
