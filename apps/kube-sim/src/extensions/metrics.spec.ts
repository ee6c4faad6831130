import { CustomObjectsApi } from '@kubernetes/client-node';
import { parseQuantity } from '@flotilla/kube';
import type { KubeObject } from '../apiserver/api-handler';
import { startSimHttp, type SimHttp } from '../apiserver/testing/sim-http';
import { addReadyNode } from '../controllers/testing.util';
import { formatCpu, MetricsUsage, NODE_OVERHEAD } from './metrics-usage';

const USAGE = { seed: 'spec-seed', minFraction: 0.3, maxFraction: 0.6 };
const GROUP = { group: 'metrics.k8s.io', version: 'v1beta1' };

type Usage = { cpu: string; memory: string };
type PodMetrics = { metadata: { name: string }; timestamp: string; window: string; containers: { name: string; usage: Usage }[] };
type NodeMetrics = { metadata: { name: string }; usage: Usage };

/** Nanocores of "123n" / "250m" / "1"; bytes of "1024Ki". */
const SCALE: Record<string, bigint> = { n: 1n, m: 1_000_000n };
const cpuNanos = (q: string) => (SCALE[q.slice(-1)] ? BigInt(q.slice(0, -1)) * SCALE[q.slice(-1)] : BigInt(q) * 1_000_000_000n);
const bytes = (q: string) => BigInt(q.slice(0, -2)) * 1024n;

function runningPod(sim: SimHttp['sim'], name: string, node: string, requests: Record<string, string>): KubeObject {
  const created = sim.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1', resources: { requests } }, { name: 'sidecar', image: 'envoy:1' }] },
  });
  return sim.updateStatus({ ...created, status: { phase: 'Running' } });
}

describe(MetricsUsage.name, () => {
  let sut: SimHttp;
  let metrics: CustomObjectsApi;
  let now = new Date('2026-03-01T10:00:00Z');

  beforeAll(async () => {
    sut = await startSimHttp({ clock: () => now, usage: USAGE });
    metrics = sut.kubeConfig.makeApiClient(CustomObjectsApi);
    addReadyNode(sut.sim, 'worker-1', { cpu: '4', memory: '16Gi' });
    addReadyNode(sut.sim, 'worker-2', { cpu: '4', memory: '16Gi' });
    runningPod(sut.sim, 'web', 'worker-1', { cpu: '500m', memory: '1Gi' });
    runningPod(sut.sim, 'api', 'worker-1', { cpu: '2', memory: '512Mi' });
    sut.sim.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
  });
  afterAll(() => sut.close());

  const podMetrics = async () => ((await metrics.listNamespacedCustomObject({ ...GROUP, namespace: 'default', plural: 'pods' })) as { items: PodMetrics[] }).items;

  it('reports running pods only, each container between min and max of its requests', async () => {
    const items = await podMetrics();
    expect(items.map((item) => item.metadata.name)).toEqual(['api', 'web']);
    const web = items.find((item) => item.metadata.name === 'web')?.containers.find((c) => c.name === 'app');
    const cpu = Number(cpuNanos(web?.usage.cpu ?? '0')) / 500_000_000;
    const memory = Number(bytes(web?.usage.memory ?? '0Ki')) / 2 ** 30;
    expect(cpu).toBeGreaterThanOrEqual(0.3);
    expect(cpu).toBeLessThanOrEqual(0.6);
    expect(memory).toBeGreaterThanOrEqual(0.299);
    expect(memory).toBeLessThanOrEqual(0.6);
    expect(web?.usage.memory).toMatch(/^\d+Ki$/);
    expect(() => parseQuantity(web?.usage.cpu ?? '')).not.toThrow();
  });

  it('stamps timestamp and window and answers a get and a 404 for a pod that is not running', async () => {
    const web = (await metrics.getNamespacedCustomObject({ ...GROUP, namespace: 'default', plural: 'pods', name: 'web' })) as PodMetrics;
    expect(web.window).toBe('30s');
    expect(web.timestamp).toBe('2026-03-01T10:00:00Z');
    await expect(metrics.getNamespacedCustomObject({ ...GROUP, namespace: 'default', plural: 'pods', name: 'pending' })).rejects.toMatchObject({ code: 404 });
  });

  it('stays fixed within a window and changes when the clock moves to the next ones', async () => {
    const first = JSON.stringify((await podMetrics()).map((item) => item.containers));
    now = new Date(now.getTime() + 10_000);
    expect(JSON.stringify((await podMetrics()).map((item) => item.containers))).toBe(first);
    now = new Date(now.getTime() + 60_000);
    expect(JSON.stringify((await podMetrics()).map((item) => item.containers))).not.toBe(first);
  });

  it('reports a node as the sum of its pods plus the system overhead', async () => {
    const pods = await podMetrics();
    const containers = pods.flatMap((pod) => pod.containers);
    const cpu = containers.reduce((sum, c) => sum + cpuNanos(c.usage.cpu), NODE_OVERHEAD.nanocores);
    const memory = containers.reduce((sum, c) => sum + bytes(c.usage.memory), NODE_OVERHEAD.bytes);
    const nodes = ((await metrics.listClusterCustomObject({ ...GROUP, plural: 'nodes' })) as { items: NodeMetrics[] }).items;
    const worker1 = nodes.find((node) => node.metadata.name === 'worker-1');
    expect(cpuNanos(worker1?.usage.cpu ?? '0')).toBe(cpu);
    expect(bytes(worker1?.usage.memory ?? '0Ki')).toBe(memory);
    const worker2 = (await metrics.getClusterCustomObject({ ...GROUP, plural: 'nodes', name: 'worker-2' })) as NodeMetrics;
    expect(cpuNanos(worker2.usage.cpu)).toBe(NODE_OVERHEAD.nanocores);
  });

  it('is deterministic for a seed and pod uid, and differs for another seed', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'uid-1' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] } };
    const usageWith = (seed: string) => new MetricsUsage(sut.sim, { ...USAGE, seed }).containerUsage(pod);
    expect(usageWith('a')).toEqual(usageWith('a'));
    expect(usageWith('a')).not.toEqual(usageWith('b'));
  });

  it('is listed for discovery', () => {
    expect(sut.sim.resourceTypes.filter((rt) => rt.group === 'metrics.k8s.io').map((rt) => rt.kind)).toEqual(['NodeMetrics', 'PodMetrics']);
  });

  it('formats cpu like metrics-server', () => {
    expect(formatCpu(250_000_000n)).toBe('250m');
    expect(formatCpu(123_456_789n)).toBe('123456789n');
  });
});
