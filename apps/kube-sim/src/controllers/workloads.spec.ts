import { SimApiServer, type KubeObject } from '../apiserver/api-handler';
import { startControllers } from './start-controllers';
import { addReadyNode } from './testing.util';

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '100m' } } }] } });

const deployment = (replicas: number, image = 'nginx:1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(image) },
});

type DeployStatus = { replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number; observedGeneration?: number; conditions?: { type: string; status: string; reason: string }[] };

const statusOf = (api: SimApiServer) => (api.get('deployments.apps', 'default', 'web')?.status ?? {}) as DeployStatus;
const runningPods = (api: SimApiServer) => api.list('pods', 'default').filter((p) => (p.status as { phase?: string }).phase === 'Running');

function rolledOut(api: SimApiServer, replicas: number): void {
  const deploy = api.get('deployments.apps', 'default', 'web')!;
  const status = statusOf(api);
  expect(status.observedGeneration).toBe(deploy.metadata.generation);
  expect(status).toMatchObject({ replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas });
  expect(status.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  expect(status.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
}

describe('workload controllers', () => {
  let api: SimApiServer;
  let stop: () => void;

  beforeEach(() => {
    api = new SimApiServer();
    stop = startControllers(api, { kubelet: { createDelayMs: 0, startDelayMs: 5 } });
    addReadyNode(api, 'n1', { cpu: '4', memory: '8Gi' });
  });
  afterEach(() => stop());

  it('creates a ReplicaSet and pods for a Deployment and reports it rolled out', async () => {
    api.create(deployment(3));
    await vi.waitFor(() => rolledOut(api, 3));
    const [rs] = api.list('replicasets.apps', 'default');
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    const pods = api.list('pods', 'default');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata.labels?.['pod-template-hash'] === hash && p.metadata.ownerReferences?.[0].uid === rs.metadata.uid)).toBe(true);
  });

  it('scales up and down', async () => {
    api.create(deployment(2));
    await vi.waitFor(() => rolledOut(api, 2));
    const scale = (replicas: number) => {
      const current = api.get('deployments.apps', 'default', 'web')!;
      api.update({ ...current, spec: { ...(current.spec as object), replicas } });
    };
    scale(5);
    await vi.waitFor(() => rolledOut(api, 5));
    expect(runningPods(api)).toHaveLength(5);
    scale(1);
    await vi.waitFor(() => rolledOut(api, 1));
    await vi.waitFor(() => expect(api.list('pods', 'default')).toHaveLength(1));
  });

  it('rolls a template change onto a new ReplicaSet and scales the old one to zero', async () => {
    api.create(deployment(2));
    await vi.waitFor(() => rolledOut(api, 2));
    const current = api.get('deployments.apps', 'default', 'web')!;
    api.update({ ...current, spec: { ...(current.spec as object), template: template('nginx:2') } });
    await vi.waitFor(() => rolledOut(api, 2));
    await vi.waitFor(() => expect(api.list('pods', 'default').map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image)).toEqual(['nginx:2', 'nginx:2']));
    const sets = api.list('replicasets.apps', 'default').map((rs) => (rs.spec as { replicas: number }).replicas);
    expect(sets.sort()).toEqual([0, 2]);
  });

  it('creates StatefulSet pods in order', async () => {
    api.create({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } } });
    await vi.waitFor(() => expect(api.get('statefulsets.apps', 'default', 'db')?.status).toMatchObject({ replicas: 3, readyReplicas: 3 }));
    const pods = api.list('pods', 'default');
    expect(pods.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    const created = pods.map((p) => Number(p.metadata.resourceVersion));
    expect(pods.map((p) => (p.status as { startTime: string }).startTime)).toHaveLength(3);
    expect(created).toHaveLength(3);
  });

  it('renews node Leases in kube-node-lease', async () => {
    stop();
    stop = startControllers(api, { heartbeatIntervalMs: 10 });
    await vi.waitFor(() => expect(api.get('leases.coordination.k8s.io', 'kube-node-lease', 'n1')).toBeDefined());
    const first = (api.get('leases.coordination.k8s.io', 'kube-node-lease', 'n1')!.spec as { renewTime: string; holderIdentity: string }).holderIdentity;
    expect(first).toBe('n1');
    const rv = api.get('leases.coordination.k8s.io', 'kube-node-lease', 'n1')!.metadata.resourceVersion;
    await vi.waitFor(() => expect(api.get('leases.coordination.k8s.io', 'kube-node-lease', 'n1')!.metadata.resourceVersion).not.toBe(rv));
  });
});
