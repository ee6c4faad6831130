/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Faults injected through kube-sim's control API, as real clients see them: client-node timeouts
// under latency, 5xx Status answers at a seeded error rate, reset connections when the cluster is
// unreachable, and cut watches resumed from their last resourceVersion (or relisted after a 410).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CoreV1Api,
  KubeConfig,
  makeInformer,
  Observable,
  Watch,
  type ConfigurationOptions,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { startSimUnderTest, type SimUnderTest } from '@flotilla/app-kube-sim/testing';

const exec = promisify(execFile);

/** Options for one client-node call that abort it after `ms` (client-node has no timeout option of its own). */
const timeoutAfter = (ms: number): ConfigurationOptions => ({
  middleware: [
    {
      pre: (context: RequestContext) => {
        context.setSignal(AbortSignal.timeout(ms));
        return new Observable(Promise.resolve(context));
      },
      post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
    },
  ],
  middlewareMergeStrategy: 'append',
});

async function failureOf(promise: Promise<unknown>): Promise<{ code?: number; body?: string; name?: string; cause?: { code?: string }; message?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected the call to fail');
  return error as never;
}

describe('kube-sim faults (control API) as clients see them', () => {
  let harness: SimUnderTest;
  let kubeconfig: string;
  let kc: KubeConfig;
  let core: CoreV1Api;

  const admin = (path: string, method: string, body?: unknown) => harness.control(method, `/clusters/default${path}`, body);
  const setFaults = async (faults: Record<string, unknown>) => expect((await admin('/faults', 'POST', faults)).status).toBe(200);
  const configMap = (name: string): V1ConfigMap => ({ metadata: { name }, data: { a: '1' } });

  beforeAll(async () => {
    harness = await startSimUnderTest({ KUBE_SIM_DEFAULT_CLUSTER: true });
    kubeconfig = harness.sim.registry.get('default').kubeconfigPath;
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(async () => void (await admin('/faults', 'DELETE')));
  afterAll(() => harness?.close());

  it('delays answers by the latency: a client-node call with a shorter timeout aborts, a patient one succeeds', async () => {
    await setFaults({ latencyMs: 1500 });
    const failure = await failureOf(core.listNamespace(undefined, timeoutAfter(100)));
    expect(failure.name).toBe('TimeoutError');
    await setFaults({ latencyMs: 50 });
    expect((await core.listNamespace()).items.map((ns) => ns.metadata?.name)).toContain('default');
  });

  it('answers Status bodies with the injected 5xx codes, at a seeded and repeatable rate', async () => {
    await setFaults({ errorRate: 1, errorCodes: [503] });
    const unavailable = await failureOf(core.listNamespace());
    expect(unavailable.code).toBe(503);
    expect(JSON.parse(unavailable.body ?? '')).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', code: 503 });
    await setFaults({ errorCodes: [500] });
    expect(JSON.parse((await failureOf(core.listNamespace())).body ?? '')).toMatchObject({ reason: 'InternalError', code: 500 });

    const outcomes = async () => {
      await setFaults({ errorRate: 0.5, errorCodes: [500, 503], errorSeed: 'repeatable' });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push(await core.readNamespace({ name: 'default' }).then(() => 200, (e: { code: number }) => e.code));
      return codes;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });

  it('resets connections while the cluster is unreachable, for client-node and kubectl alike, until it is back', async () => {
    await setFaults({ unreachable: true });
    const failure = await failureOf(core.listNamespace());
    expect(failure.code).toBeUndefined();
    expect(JSON.stringify({ message: failure.message, cause: failure.cause?.code })).toMatch(/ECONNRESET|socket hang up/);
    const kubectl = await exec('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/clusters/default/api/v1/namespaces', '--request-timeout=1s']).then(
      () => ({ stderr: '' }),
      (e: { stderr: string }) => e,
    );
    expect(kubectl.stderr).toMatch(/^Unable to connect to the server: .*(connection reset by peer|EOF)/);
    await setFaults({ unreachable: false });
    expect((await core.listNamespace()).items.length).toBeGreaterThan(0);
  });

  it('cuts open watches; a raw watch resumed from its last resourceVersion gets what it missed, or 410 once compacted', async () => {
    await core.createNamespace({ body: { metadata: { name: 'cut-raw' } } });
    const before = await core.createNamespacedConfigMap({ namespace: 'cut-raw', body: configMap('before') });
    const events: string[] = [];
    let lastRv = before.metadata?.resourceVersion ?? '';
    let closed = false;
    const path = '/api/v1/namespaces/cut-raw/configmaps';
    const watch = new Watch(kc);
    const onEvent = (type: string, obj: KubernetesObject) => {
      events.push(`${type} ${obj.metadata?.name ?? (obj as { code?: number }).code}`);
      lastRv = obj.metadata?.resourceVersion ?? lastRv;
    };
    await watch.watch(path, { resourceVersion: lastRv }, onEvent, () => (closed = true));
    await core.createNamespacedConfigMap({ namespace: 'cut-raw', body: configMap('seen') });
    await vi.waitFor(() => expect(events).toEqual(['ADDED seen']));

    expect((await admin('/watches/cut', 'POST', {})).json()).toMatchObject({ cut: 1, mode: 'close' });
    await vi.waitFor(() => expect(closed).toBe(true));
    await core.createNamespacedConfigMap({ namespace: 'cut-raw', body: configMap('missed') });
    await core.deleteNamespacedConfigMap({ namespace: 'cut-raw', name: 'before' });
    closed = false;
    const resumed = await watch.watch(path, { resourceVersion: lastRv }, onEvent, () => (closed = true));
    await vi.waitFor(() => expect(events).toEqual(['ADDED seen', 'ADDED missed', 'DELETED before']));
    resumed.abort();

    const staleRv = lastRv;
    await core.createNamespacedConfigMap({ namespace: 'cut-raw', body: configMap('after-compaction') });
    expect((await admin('/watches/cut', 'POST', { compact: true })).json()).toMatchObject({ compacted: true });
    await watch.watch(path, { resourceVersion: staleRv }, onEvent, () => undefined);
    await vi.waitFor(() => expect(events.at(-1)).toBe('ERROR 410'));
  });

  it('keeps a client-node informer in step across a cut: it resumes without relisting, and relists after a 410', async () => {
    await core.createNamespace({ body: { metadata: { name: 'cut-informer' } } });
    let lists = 0;
    const list = () => ((lists += 1), core.listNamespacedConfigMap({ namespace: 'cut-informer' }));
    const informer = makeInformer(kc, '/api/v1/namespaces/cut-informer/configmaps', list);
    const errors: unknown[] = [];
    informer.on('error', (error) => errors.push(error));
    await informer.start();
    const names = () => informer.list().map((cm) => cm.metadata?.name).sort();
    try {
      await core.createNamespacedConfigMap({ namespace: 'cut-informer', body: configMap('one') });
      await vi.waitFor(() => expect(names()).toEqual(['one']));
      await admin('/watches/cut', 'POST', { mode: 'close' });
      await core.createNamespacedConfigMap({ namespace: 'cut-informer', body: configMap('two') });
      await vi.waitFor(() => expect(names()).toEqual(['one', 'two']));
      expect(lists).toBe(1);

      // a reset connection stops the informer with an error; restarted after a compaction, it relists
      await admin('/watches/cut', 'POST', { mode: 'reset' });
      await vi.waitFor(() => expect(errors).toHaveLength(1));
      await core.createNamespacedConfigMap({ namespace: 'cut-informer', body: configMap('three') });
      await admin('/watches/cut', 'POST', { compact: true });
      await informer.start();
      await vi.waitFor(() => expect(names()).toEqual(['one', 'three', 'two']));
      expect(lists).toBe(2);
    } finally {
      await informer.stop();
    }
  });

  it('ends kubectl get -w cleanly when its watch is cut, as at an API server watch timeout; run again, it shows what changed', async () => {
    await core.createNamespace({ body: { metadata: { name: 'cut-kubectl' } } });
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'configmaps', '-n', 'cut-kubectl', '-w', '--output-watch-events']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await core.createNamespacedConfigMap({ namespace: 'cut-kubectl', body: configMap('first') });
      await vi.waitFor(() => expect(out).toMatch(/ADDED\s+first/), { timeout: 10_000, interval: 100 });
      expect((await admin('/watches/cut', 'POST', {})).json().cut).toBeGreaterThan(0);
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
    await core.createNamespacedConfigMap({ namespace: 'cut-kubectl', body: configMap('second') });
    const again = await exec('kubectl', ['--kubeconfig', kubeconfig, 'get', 'configmaps', '-n', 'cut-kubectl', '-o', 'name']);
    expect(again.stdout.trim().split('\n')).toEqual(['configmap/first', 'configmap/second']);
  }, 30_000);
});
