import { SimApiServer, type KubeObject } from '../apiserver/api-handler';
import { ClusterSimulation } from './cluster-simulation';
import { conditionOf } from './object.util';
import { startControllers } from './start-controllers';
import { addReadyNode } from './testing.util';

const replicaSet = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1', resources: { requests: { cpu: '500m' } } }] } },
  },
});

const podsOf = (api: SimApiServer, app: string) => api.list('pods', 'default').filter((pod) => pod.metadata.labels?.app === app);
const nodeNameOf = (pod: KubeObject) => (pod.spec as { nodeName?: string }).nodeName;
const runningOn = (api: SimApiServer, app: string, node: string) =>
  podsOf(api, app).filter((pod) => nodeNameOf(pod) === node && (pod.status as { phase?: string }).phase === 'Running');
const taintKeys = (api: SimApiServer, node: string) => ((api.get('nodes', undefined, node)?.spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`);
const eventsAbout = (api: SimApiServer, name: string, reason?: string) =>
  api.list('events', 'default').filter((e) => (e.involvedObject as { name: string }).name === name && (!reason || e.reason === reason));

describe('node lifecycle', () => {
  let api: SimApiServer;
  let simulation: ClusterSimulation;
  let stop: () => void;

  beforeEach(() => {
    api = new SimApiServer();
    // 40 s grace, 300 s default toleration, recovery every 120 s: seconds of simulated time pass in milliseconds
    simulation = new ClusterSimulation(api, { timeScale: 100, nodeLifecycle: { gracePeriodMs: 40_000, recoveryIntervalMs: 120_000, maxRecoveryAttempts: 3 } });
    stop = startControllers(api, { simulation, kubelet: { startDelayMs: 1000 } });
    addReadyNode(api, 'small', { cpu: '2', memory: '4Gi' });
    addReadyNode(api, 'big', { cpu: '8', memory: '16Gi' });
  });
  afterEach(() => stop());

  it('gives every new pod the default not-ready and unreachable tolerations, keeping its own', () => {
    const pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tol' }, spec: { containers: [{ name: 'a', image: 'x' }], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] } });
    expect((pod.spec as { tolerations: unknown[] }).tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('takes a silent node NotReady, taints it, evicts its pods to another node after their toleration, then gives up on it', async () => {
    api.create(replicaSet('web', 2));
    await vi.waitFor(() => expect(runningOn(api, 'web', 'small')).toHaveLength(2));
    const evicted = podsOf(api, 'web').map((pod) => pod.metadata.name ?? '');

    simulation.nodeDown('small');
    await vi.waitFor(() => expect(conditionOf(api.get('nodes', undefined, 'small')!, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }));
    await vi.waitFor(() => expect(taintKeys(api, 'small')).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']));
    expect(eventsAbout(api, 'small', 'NodeNotReady')[0]).toMatchObject({ message: 'Node small status is now: NodeNotReady', involvedObject: { kind: 'Node', name: 'small' }, source: { component: 'node-controller' } });
    // tolerated for 300 s: still there, marked not ready
    expect(podsOf(api, 'web').map((pod) => pod.metadata.name)).toEqual(evicted);
    await vi.waitFor(() => expect(podsOf(api, 'web').every((pod) => conditionOf(pod, 'Ready')?.status === 'False')).toBe(true));

    simulation.timers.setScale(2000);
    await vi.waitFor(() => expect(runningOn(api, 'web', 'big')).toHaveLength(2), { timeout: 5000 });
    for (const name of evicted) {
      expect(api.get('pods', 'default', name)).toBeUndefined();
      expect(eventsAbout(api, name, 'TaintManagerEviction')[0]).toMatchObject({ message: `Marking for deletion Pod default/${name}`, involvedObject: { kind: 'Pod' }, source: { component: 'taint-eviction-controller' } });
    }

    await vi.waitFor(() => expect(api.get('nodes', undefined, 'small')?.metadata.labels?.['flotilla.dev/node-state']).toBe('failed'), { timeout: 5000 });
    const failed = api.get('nodes', undefined, 'small')!;
    expect(conditionOf(failed, 'PermanentlyFailed')).toMatchObject({ status: 'True', reason: 'RecoveryAttemptsExhausted' });
    expect(taintKeys(api, 'small')).toContain('flotilla.dev/permanently-failed:NoExecute');
    expect(eventsAbout(api, 'small', 'RecoveryAttempt').map((e) => e.message).sort()).toEqual([1, 2, 3].map((n) => `Recovery attempt ${n} of 3 for node small`));
    expect(eventsAbout(api, 'small', 'RecoveryFailed')).toHaveLength(3);
    expect(eventsAbout(api, 'small', 'NodePermanentlyFailed')[0]).toMatchObject({ type: 'Warning', message: 'Node small did not recover after 3 attempts; no further recovery attempts' });

    // three more recovery intervals of simulated time: no further attempt
    const later = simulation.now() + 3 * 120_000;
    await vi.waitFor(() => expect(simulation.now()).toBeGreaterThan(later), { timeout: 5000 });
    expect(eventsAbout(api, 'small', 'RecoveryAttempt')).toHaveLength(3);
  });

  it('brings a node back on the recovery attempt that succeeds: Ready again, taints gone', async () => {
    simulation.timers.setScale(1000);
    simulation.nodeDown('small', { recoverOnAttempt: 2 });
    await vi.waitFor(() => expect(eventsAbout(api, 'small', 'RecoverySucceeded')).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(taintKeys(api, 'small')).toEqual([]));
    const node = api.get('nodes', undefined, 'small')!;
    expect(conditionOf(node, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node.metadata.annotations?.['flotilla.dev/recovery-attempts']).toBeUndefined();
    expect(eventsAbout(api, 'small', 'RecoveryFailed')).toHaveLength(1);
    expect(eventsAbout(api, 'small', 'NodeReady')[0]).toMatchObject({ message: 'Node small status is now: NodeReady' });
    expect(simulation.nodeFaults.isDown('small')).toBe(false);
  });

  it('restores a permanently failed node brought up by hand, and schedules on it again', async () => {
    simulation.timers.setScale(2000);
    simulation.nodeDown('small');
    await vi.waitFor(() => expect(api.get('nodes', undefined, 'small')?.metadata.labels?.['flotilla.dev/node-state']).toBe('failed'), { timeout: 5000 });
    simulation.nodeUp('small');
    await vi.waitFor(() => expect(taintKeys(api, 'small')).toEqual([]));
    const node = api.get('nodes', undefined, 'small')!;
    expect(conditionOf(node, 'Ready')?.status).toBe('True');
    expect(conditionOf(node, 'PermanentlyFailed')).toBeUndefined();
    expect(node.metadata.labels?.['flotilla.dev/node-state']).toBeUndefined();
    api.create(replicaSet('again', 1));
    await vi.waitFor(() => expect(runningOn(api, 'again', 'small')).toHaveLength(1));
  });

  it('answers 404 for a node that does not exist', () => {
    expect(() => simulation.nodeDown('nope')).toThrow(expect.objectContaining({ code: 404 }));
  });
});
