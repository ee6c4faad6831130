/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// A node failing in kube-sim as a user watches it with @kubernetes/client-node and kubectl: node down
// through the control API → NotReady → unreachable taints → its pods evicted and recreated on another
// node → recovery attempts → permanently failed, each step an Event; the recovery path; crash loops.
// Simulated time runs fast (the cluster's timeScale), so minutes of cluster time take moments.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppsV1Api, CoreV1Api, KubeConfig, type CoreV1Event, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { startSimUnderTest, type SimUnderTest } from '@flotilla/app-kube-sim/testing';

const exec = promisify(execFile);
const NS = 'shop';

const readyOf = (node: V1Node) => node.status?.conditions?.find((c) => c.type === 'Ready');
const taintsOf = (node: V1Node) => (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const reasons = (events: CoreV1Event[]) => events.map((e) => e.reason);

describe('kube-sim node failure (client-node, kubectl)', () => {
  let harness: SimUnderTest;
  let cluster = 0;
  let name: string;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let kubeconfig: string;

  const admin = (path: string, method: string, body?: unknown) => harness.control(method, path, body);
  const node = (nodeName: string) => core.readNode({ name: nodeName });
  const nodeEvents = async (nodeName: string) => (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${nodeName}` })).items;
  const podsOn = async (nodeName: string) => (await core.listNamespacedPod({ namespace: NS, fieldSelector: `spec.nodeName=${nodeName},status.phase=Running` })).items;
  const setTimeScale = async (timeScale: number) => expect((await admin(`/clusters/${name}/simulation`, 'PATCH', { timeScale })).status).toBe(200);

  beforeAll(async () => {
    harness = await startSimUnderTest();
  });
  afterAll(() => harness?.close());

  beforeEach(async () => {
    name = `nodes-${++cluster}`;
    const nodes = [
      { name: 'small', capacity: { cpu: '2', memory: '4Gi' } },
      { name: 'big', capacity: { cpu: '8', memory: '32Gi' } },
    ];
    // upstream timings (40 s grace, 300 s toleration), recovery every 2 minutes, at 100× speed
    const created = await admin('/clusters', 'POST', { name, nodes, timeScale: 100, nodeLifecycle: { gracePeriodMs: 40_000, recoveryIntervalMs: 120_000, maxRecoveryAttempts: 3 } });
    expect(created.json()).toMatchObject({ simulation: { timeScale: 100, nodeLifecycle: { gracePeriodMs: 40_000, defaultTolerationSeconds: 300 } } });
    kubeconfig = join(harness.dataDir, 'kubeconfigs', `${name}.yaml`);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });
  afterEach(async () => void (await admin(`/clusters/${name}`, 'DELETE')));

  it('takes a node down: NotReady, tainted, pods evicted and rescheduled elsewhere, then given up on, with Events', async () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1', resources: { requests: { cpu: '500m' } } }] } };
    await apps.createNamespacedDeployment({ namespace: NS, body: { metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template } } });
    await vi.waitFor(async () => expect(await podsOn('small')).toHaveLength(3), { timeout: 10_000 });
    const before = (await podsOn('small')).map((pod) => pod.metadata?.name);

    expect((await admin(`/clusters/${name}/nodes/small/down`, 'POST', {})).status).toBe(200);
    await vi.waitFor(async () => expect(readyOf(await node('small'))).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }), { timeout: 10_000 });
    await vi.waitFor(async () => expect(taintsOf(await node('small'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']));
    expect((await exec('kubectl', ['--kubeconfig', kubeconfig, 'get', 'node', 'small', '--no-headers'])).stdout).toMatch(/^small\s+NotReady\s/);
    expect((await core.listNamespacedPod({ namespace: NS })).items.map((pod) => pod.metadata?.name).sort()).toEqual(before.sort());

    await setTimeScale(2000);
    await vi.waitFor(async () => expect(await podsOn('big')).toHaveLength(3), { timeout: 10_000 });
    const evicted = (await core.listNamespacedEvent({ namespace: NS, fieldSelector: 'reason=TaintManagerEviction' })).items;
    expect(evicted.map((e) => e.message).sort()).toEqual(before.map((pod) => `Marking for deletion Pod ${NS}/${pod}`).sort());
    expect(evicted.every((e) => e.involvedObject.kind === 'Pod')).toBe(true);
    expect((await apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).status?.readyReplicas).toBe(3);

    await vi.waitFor(async () => expect((await node('small')).metadata?.labels?.['flotilla.dev/node-state']).toBe('failed'), { timeout: 10_000 });
    const failed = await node('small');
    expect(failed.status?.conditions?.find((c) => c.type === 'PermanentlyFailed')).toMatchObject({ status: 'True', reason: 'RecoveryAttemptsExhausted' });
    expect(taintsOf(failed)).toContain('flotilla.dev/permanently-failed:NoExecute');
    const events = await nodeEvents('small');
    expect(reasons(events).sort()).toEqual(['NodeNotReady', 'NodePermanentlyFailed', ...Array(3).fill('RecoveryAttempt'), ...Array(3).fill('RecoveryFailed')].sort());
    expect(events.find((e) => e.reason === 'NodeNotReady')).toMatchObject({ message: 'Node small status is now: NodeNotReady', involvedObject: { kind: 'Node', name: 'small' }, source: { component: 'node-controller' } });
    const listed = (await exec('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-l', 'flotilla.dev/node-state=failed', '-o', 'name'])).stdout;
    expect(listed.trim()).toBe('node/small');
  });

  it('recovers a node on the recovery attempt that succeeds, and lets a node brought up by hand take pods again', async () => {
    await setTimeScale(1000);
    await admin(`/clusters/${name}/nodes/small/down`, 'POST', { recoverOnAttempt: 2 });
    await vi.waitFor(async () => expect(reasons(await nodeEvents('small'))).toContain('NodeReady'), { timeout: 10_000 });
    const back = await node('small');
    expect(readyOf(back)).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    await vi.waitFor(async () => expect(taintsOf(await node('small'))).toEqual([]));
    expect(reasons(await nodeEvents('small')).sort()).toEqual(['NodeNotReady', 'NodeReady', 'RecoveryAttempt', 'RecoveryAttempt', 'RecoveryFailed', 'RecoverySucceeded']);

    await admin(`/clusters/${name}/nodes/big/down`, 'POST', {});
    await vi.waitFor(async () => expect(readyOf(await node('big'))?.status).toBe('Unknown'), { timeout: 10_000 });
    expect((await admin(`/clusters/${name}/nodes/big/up`, 'POST')).status).toBe(200);
    await vi.waitFor(async () => expect(taintsOf(await node('big'))).toEqual([]));
    expect(readyOf(await node('big'))?.status).toBe('True');
  });

  it('crash-loops the pods a fault selects, as kubectl shows them, until the fault is removed', async () => {
    const pod: V1Pod = { metadata: { name: 'api', labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } };
    await core.createNamespacedPod({ namespace: NS, body: pod });
    const fault = await admin(`/clusters/${name}/crashloops`, 'POST', { namespace: NS, labelSelector: 'app=api', exitCode: 137 });
    expect(fault.status).toBe(201);
    await vi.waitFor(async () => {
      const status = (await core.readNamespacedPod({ namespace: NS, name: 'api' })).status?.containerStatuses?.[0];
      expect(status?.restartCount).toBeGreaterThanOrEqual(1);
      expect(status?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(status?.lastState?.terminated?.exitCode).toBe(137);
    }, { timeout: 10_000 });
    expect((await exec('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pod', 'api', '-n', NS, '--no-headers'])).stdout).toMatch(/^api\s+0\/1\s+CrashLoopBackOff\s+[1-9]/);
    expect((await core.listNamespacedEvent({ namespace: NS, fieldSelector: 'reason=BackOff' })).items[0]?.message).toMatch(/^Back-off restarting failed container api in pod api_shop/);

    await setTimeScale(1000);
    expect((await admin(`/clusters/${name}/crashloops`, 'DELETE')).status).toBe(200);
    await vi.waitFor(async () => expect((await core.readNamespacedPod({ namespace: NS, name: 'api' })).status?.containerStatuses?.[0]).toMatchObject({ ready: true, state: { running: expect.any(Object) } }), { timeout: 10_000 });
  });

  it('creates a cluster of only the API machinery on request: pods stay as written, no simulation to steer', async () => {
    const created = await admin('/clusters', 'POST', { name: `${name}-api`, controllers: false, nodes: [{ name: 'n1' }] });
    expect(created.status).toBe(201);
    expect(created.json().simulation).toBeUndefined();
    const kc = new KubeConfig();
    kc.loadFromFile(join(harness.dataDir, 'kubeconfigs', `${name}-api.yaml`));
    const plain = kc.makeApiClient(CoreV1Api);
    await plain.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pod = await plain.readNamespacedPod({ namespace: 'default', name: 'p' });
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.spec?.tolerations).toBeUndefined();
    expect((await admin(`/clusters/${name}-api/nodes/n1/down`, 'POST', {})).status).toBe(409);
    expect((await admin(`/clusters/${name}/simulation`, 'PATCH', { controllers: false })).json()).toMatchObject({ error: { details: { field: 'controllers' } } });
    await admin(`/clusters/${name}-api`, 'DELETE');
  });

  it('refuses bad fault requests with a 400 naming the field, and unknown nodes with a 404', async () => {
    const bad = await admin(`/clusters/${name}/faults`, 'POST', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { field: 'errorRate' } } });
    expect((await admin(`/clusters/${name}/crashloops`, 'POST', { labelSelector: 'app in (' })).json()).toMatchObject({ error: { details: { field: 'labelSelector' } } });
    expect((await admin(`/clusters/${name}/simulation`, 'PATCH', { timeScale: 0 })).json()).toMatchObject({ error: { details: { field: 'timeScale' } } });
    expect((await admin(`/clusters/${name}/nodes/ghost/down`, 'POST', {})).status).toBe(404);
  });
});
