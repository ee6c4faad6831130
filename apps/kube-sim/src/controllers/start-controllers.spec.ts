import { SimApiServer, type KubeObject } from '../apiserver/api-handler';
import { conditionOf } from './object.util';
import { startControllers } from './start-controllers';

const node = (name: string, extra: { labels?: Record<string, string>; taints?: unknown[] } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: extra.labels ?? {} },
  spec: extra.taints ? { taints: extra.taints } : {},
});

function addNode(api: SimApiServer, obj: KubeObject, allocatable: Record<string, string>): void {
  const created = api.create(obj);
  api.updateStatus({
    ...created,
    status: { allocatable: { pods: '110', ...allocatable }, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: `10.0.0.${api.list('nodes').length + 1}` }] },
  });
}

const pod = (name: string, requests: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1', resources: { requests } }], ...spec },
});

const nodeOf = (api: SimApiServer, name: string) => (api.get('pods', 'default', name)?.spec as { nodeName?: string }).nodeName;
const phaseOf = (api: SimApiServer, name: string) => (api.get('pods', 'default', name)?.status as { phase?: string }).phase;

describe(startControllers.name, () => {
  let api: SimApiServer;
  let stop: () => void;

  beforeEach(() => {
    api = new SimApiServer();
    stop = startControllers(api, { kubelet: { createDelayMs: 5, startDelayMs: 20 } });
  });
  afterEach(() => stop());

  it('binds a pod to the best-fit node and runs it with an IP', async () => {
    addNode(api, node('big'), { cpu: '8', memory: '32Gi' });
    addNode(api, node('small'), { cpu: '2', memory: '4Gi' });
    api.create(pod('web', { cpu: '1', memory: '1Gi' }));
    await vi.waitFor(() => expect(phaseOf(api, 'web')).toBe('Running'));
    const running = api.get('pods', 'default', 'web')!;
    const status = running.status as { podIP: string; hostIP: string; containerStatuses: { ready: boolean; state: { running?: { startedAt: string } } }[] };
    expect(nodeOf(api, 'web')).toBe('small');
    expect(status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(status.hostIP).toMatch(/^10\.0\.0\./);
    expect(status.containerStatuses[0].ready).toBe(true);
    expect(status.containerStatuses[0].state.running?.startedAt).toBeDefined();
    expect(conditionOf(running, 'Ready')?.status).toBe('True');
  });

  it('passes through ContainerCreating', async () => {
    stop();
    stop = startControllers(api, { kubelet: { createDelayMs: 0, startDelayMs: 60_000 } });
    addNode(api, node('n1'), { cpu: '2', memory: '4Gi' });
    api.create(pod('slow', {}));
    await vi.waitFor(() => {
      const status = api.get('pods', 'default', 'slow')?.status as { containerStatuses?: { state: { waiting?: { reason: string } } }[] };
      expect(status.containerStatuses?.[0].state.waiting?.reason).toBe('ContainerCreating');
    });
    expect(phaseOf(api, 'slow')).toBe('Pending');
  });

  it('keeps an unschedulable pod Pending with an event, then schedules it when a node appears', async () => {
    for (const name of ['a', 'b', 'c']) addNode(api, node(name), { cpu: '1', memory: '1Gi' });
    api.create(pod('huge', { cpu: '4' }));
    const message = '0/3 nodes are available: 3 Insufficient cpu.';
    await vi.waitFor(() => expect(conditionOf(api.get('pods', 'default', 'huge')!, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message }));
    expect(api.list('events', 'default').find((e) => e.reason === 'FailedScheduling')).toMatchObject({ message, type: 'Warning' });
    addNode(api, node('d'), { cpu: '8', memory: '8Gi' });
    await vi.waitFor(() => expect(phaseOf(api, 'huge')).toBe('Running'));
    expect(nodeOf(api, 'huge')).toBe('d');
  });

  it('places GPU and MIG requests only on nodes that have them', async () => {
    addNode(api, node('cpu-only'), { cpu: '8', memory: '8Gi' });
    addNode(api, node('gpu'), { cpu: '8', memory: '8Gi', 'nvidia.com/gpu': '2' });
    addNode(api, node('mig'), { cpu: '8', memory: '8Gi', 'nvidia.com/mig-1g.5gb': '7' });
    api.create(pod('train', { 'nvidia.com/gpu': '1' }));
    api.create(pod('infer', { 'nvidia.com/mig-1g.5gb': '1' }));
    api.create(pod('greedy', { 'nvidia.com/gpu': '3' }));
    await vi.waitFor(() => expect([nodeOf(api, 'train'), nodeOf(api, 'infer')]).toEqual(['gpu', 'mig']));
    await vi.waitFor(() => expect(conditionOf(api.get('pods', 'default', 'greedy')!, 'PodScheduled')?.message).toBe('0/3 nodes are available: 3 Insufficient nvidia.com/gpu.'));
  });

  it('respects nodeSelector and NoSchedule taints', async () => {
    addNode(api, node('plain', { labels: { pool: 'a' } }), { cpu: '2', memory: '2Gi' });
    addNode(api, node('tainted', { labels: { pool: 'b' }, taints: [{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' }] }), { cpu: '2', memory: '2Gi' });
    api.create(pod('picky', {}, { nodeSelector: { pool: 'b' } }));
    api.create(pod('tolerant', {}, { nodeSelector: { pool: 'b' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }] }));
    await vi.waitFor(() => expect(nodeOf(api, 'tolerant')).toBe('tainted'));
    await vi.waitFor(() =>
      expect(conditionOf(api.get('pods', 'default', 'picky')!, 'PodScheduled')?.message).toBe(
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: ml}.",
      ),
    );
  });

  it('removes the pods of a deleted node', async () => {
    addNode(api, node('gone'), { cpu: '2', memory: '2Gi' });
    api.create(pod('orphan', {}));
    await vi.waitFor(() => expect(phaseOf(api, 'orphan')).toBe('Running'));
    api.delete('nodes', undefined, 'gone');
    await vi.waitFor(() => expect(api.get('pods', 'default', 'orphan')).toBeUndefined());
  });
});
