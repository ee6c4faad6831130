// readNodeCapacity and placeReplicas against where kube-sim's scheduler really puts the same pods.
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import type { FitQueryDto, NodeCapacityDto } from '@flotilla/contracts';
import { kubeConfigForAccess } from '../kube-config.factory';
import { startSimHarness, type SimHarness } from '../testing/kube-sim.harness';
import { readNodeCapacity } from './node-capacity';
import { placeReplicas } from './place-replicas';

const NAMESPACE = 'fit';

function podBody(name: string, spec: Partial<NonNullable<V1Pod['spec']>>, requests?: Record<string, string>): V1Pod {
  const containers = spec.containers ?? [{ name: 'app', image: 'nginx:1.27', resources: { requests } }];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NAMESPACE }, spec: { ...spec, containers } };
}

function countByNode(pods: V1Pod[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pod of pods) if (pod.spec?.nodeName) counts[pod.spec.nodeName] = (counts[pod.spec.nodeName] ?? 0) + 1;
  return counts;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

const byName = (nodes: NodeCapacityDto[]) => Object.fromEntries(nodes.map((node) => [node.name, node]));

describe('capacity and fit against kube-sim', () => {
  let harness: SimHarness;
  let api: CoreV1Api;
  let clusterName: string;
  let access: ReturnType<SimHarness['accessOf']>;

  const podsOf = async (prefix: string) => (await api.listNamespacedPod({ namespace: NAMESPACE })).items.filter((pod) => pod.metadata?.name?.startsWith(prefix));

  /** Creates `replicas` pods like the query's and waits until the scheduler decided on each. */
  async function schedule(prefix: string, query: FitQueryDto): Promise<V1Pod[]> {
    for (let index = 0; index < (query.replicas ?? 1); index++) {
      const name = `${prefix}-${String(index).padStart(2, '0')}`;
      await api.createNamespacedPod({ namespace: NAMESPACE, body: podBody(name, { nodeSelector: query.nodeSelector, tolerations: query.tolerations }, query.requests) });
    }
    const decided = (pod: V1Pod) => !!pod.spec?.nodeName || !!pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
    return waitFor(() => podsOf(prefix), (pods) => pods.length === (query.replicas ?? 1) && pods.every(decided));
  }

  async function readFit(query: FitQueryDto) {
    const nodes = await readNodeCapacity(access, { timeoutMs: 5000 });
    return { nodes, fit: placeReplicas([{ clusterId: 'c1', clusterName, nodes }], query) };
  }

  beforeAll(async () => {
    harness = await startSimHarness();
    const cluster = await harness.cluster('vanilla', [
      { name: 'a', capacity: { cpu: '4', memory: '16Gi' } },
      { name: 'b', capacity: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '2' } },
      { name: 'c', capacity: { cpu: '2', memory: '8Gi' } },
      { name: 'd', capacity: { cpu: '16', memory: '64Gi' } },
    ]);
    clusterName = cluster.name;
    access = harness.accessOf(cluster);
    api = kubeConfigForAccess(access).makeApiClient(CoreV1Api);
    await api.createNamespace({ body: { metadata: { name: NAMESPACE } } });
    const cordoned = await api.readNode({ name: 'c' });
    await api.replaceNode({ name: 'c', body: { ...cordoned, spec: { ...cordoned.spec, unschedulable: true } } });
    const tainted = await api.readNode({ name: 'd' });
    await api.replaceNode({ name: 'd', body: { ...tainted, spec: { ...tainted.spec, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] } } });
    // already running: a request below its limit, and an init container larger than its app container
    const limited = { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } } };
    await api.createNamespacedPod({ namespace: NAMESPACE, body: podBody('existing-a', { nodeName: 'a', containers: [limited] }) });
    const init = [{ name: 'migrate', image: 'busybox', resources: { requests: { cpu: '3' } } }];
    const app = [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '500m', memory: '1Gi' } } }];
    await api.createNamespacedPod({ namespace: NAMESPACE, body: podBody('existing-b', { nodeName: 'b', initContainers: init, containers: app }) });
  });
  afterAll(() => harness?.close());

  it('reads allocatable, what bound pods request and what is left, node by node', async () => {
    const nodes = byName(await readNodeCapacity(access, { timeoutMs: 5000 }));
    expect(nodes.a).toMatchObject({ ready: true, schedulable: true, pods: 1, allocated: { cpu: '1', memory: '2Gi', pods: '1' }, available: { cpu: '3', memory: '14Gi', pods: '109' } });
    expect(nodes.b).toMatchObject({ allocated: { cpu: '3', memory: '1Gi', pods: '1' }, available: { cpu: '5', memory: '31Gi', 'nvidia.com/gpu': '2', pods: '109' } });
    expect(nodes.b.capacity).toEqual({ cpu: '8', memory: '32Gi', pods: '110', 'nvidia.com/gpu': '2' });
    expect(nodes.c).toMatchObject({ schedulable: false, taints: [{ key: 'node.kubernetes.io/unschedulable', value: null, effect: 'NoSchedule' }], pods: 0 });
    expect(nodes.d).toMatchObject({ schedulable: false, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }], allocated: { pods: '0' } });
  });

  it('places replicas on the nodes where the scheduler puts the same pods', async () => {
    const query: FitQueryDto = { requests: { cpu: '700m', memory: '3Gi' }, replicas: 9 };
    const { fit } = await readFit(query);
    expect(fit.fits).toBe(true);
    const pods = await schedule('web', query);
    expect(countByNode(pods)).toEqual(Object.fromEntries(fit.placements.map((p) => [p.node, p.replicas])));
    expect(new Set(fit.placements.map((p) => p.node))).toEqual(new Set(['a', 'b']));
  });

  it('uses the tainted node for tolerating pods, as the scheduler does', async () => {
    const query: FitQueryDto = { requests: { cpu: '3', memory: '1Gi' }, replicas: 4, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] };
    const { fit } = await readFit(query);
    const pods = await schedule('batch', query);
    expect(countByNode(pods)).toEqual(Object.fromEntries(fit.placements.map((p) => [p.node, p.replicas])));
    expect(fit.placements.map((p) => p.node)).toContain('d');
  });

  it('says why the rest does not fit in the words of the scheduler that leaves them pending', async () => {
    const query: FitQueryDto = { requests: { cpu: '100m', 'nvidia.com/gpu': '1' }, replicas: 3 };
    const { fit } = await readFit(query);
    expect(fit).toMatchObject({ fits: false, placed: 2, placements: [{ node: 'b', replicas: 2 }] });
    const pods = await schedule('gpu', query);
    expect(countByNode(pods)).toEqual({ b: 2 });
    const pending = pods.filter((pod) => !pod.spec?.nodeName);
    expect(pending).toHaveLength(1);
    const message = pending[0].status?.conditions?.find((c) => c.type === 'PodScheduled')?.message;
    expect(fit.reasons).toEqual([`${clusterName}: ${message}`]);
    expect(message).toBe('0/4 nodes are available: 2 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {dedicated: batch}, 1 node(s) were unschedulable.');
  });

  it('counts what the scheduler placed in the capacity it reads afterwards', async () => {
    const nodes = byName(await readNodeCapacity(access, { timeoutMs: 5000 }));
    const bound = (await api.listNamespacedPod({ namespace: NAMESPACE })).items.filter((pod) => pod.spec?.nodeName === 'b');
    expect(nodes.b.pods).toBe(bound.length);
    expect(nodes.b.available['nvidia.com/gpu']).toBe('0');
  });
});
