import { ApiException, AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, Watch, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { startSimHttp, type SimHttp } from '../apiserver/testing/sim-http';
import { startControllers } from './start-controllers';
import { addReadyNode } from './testing.util';

type Strategy = V1Deployment['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never;

const deployment = (name: string, replicas: number, strategy?: Strategy, image = 'nginx:1'): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    strategy,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '100m' } } }] } },
  },
});

const imageOf = (pod: V1Pod) => pod.spec?.containers[0].image;
const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** What a watch of the deployment's pods saw during a rollout. */
interface Observed {
  maxPods: number;
  minReady: number;
  /** New-image pods added while pods of the old image still existed. */
  newBeforeOldGone: number;
}

describe('Deployment rollouts', () => {
  let sut: SimHttp;
  let stop: () => void;
  let apps: AppsV1Api;
  let core: CoreV1Api;

  beforeAll(async () => {
    sut = await startSimHttp();
    stop = startControllers(sut.sim, { kubelet: { createDelayMs: 0, startDelayMs: 15 } });
    addReadyNode(sut.sim, 'n1', { cpu: '16', memory: '64Gi' });
    apps = sut.kubeConfig.makeApiClient(AppsV1Api);
    core = sut.kubeConfig.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    stop();
    await sut.close();
  });

  const rolledOut = async (name: string, replicas: number, image: string) =>
    vi.waitFor(
      async () => {
        const current = await apps.readNamespacedDeployment({ name, namespace: 'default' });
        expect(current.status).toMatchObject({ observedGeneration: current.metadata?.generation, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas });
        const pods = (await core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${name}` })).items;
        expect(pods.map(imageOf)).toEqual(Array(replicas).fill(image));
        return current;
      },
      { timeout: 20_000, interval: 20 },
    );

  /** Changes the image and watches the pods until the rollout is done. */
  async function observeRollout(name: string, replicas: number): Promise<Observed> {
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${name}` });
    const pods = new Map(list.items.map((pod) => [pod.metadata?.name ?? '', pod]));
    const seen: Observed = { maxPods: pods.size, minReady: [...pods.values()].filter(isReady).length, newBeforeOldGone: 0 };
    const live = await new Watch(sut.kubeConfig).watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: list.metadata?.resourceVersion, labelSelector: `app=${name}` },
      (phase, pod: V1Pod) => {
        if (phase === 'ADDED' && imageOf(pod) === 'nginx:2' && [...pods.values()].some((p) => imageOf(p) === 'nginx:1')) seen.newBeforeOldGone++;
        if (phase === 'DELETED') pods.delete(pod.metadata?.name ?? '');
        else pods.set(pod.metadata?.name ?? '', pod);
        seen.maxPods = Math.max(seen.maxPods, pods.size);
        seen.minReady = Math.min(seen.minReady, [...pods.values()].filter(isReady).length);
      },
      () => undefined,
    );
    const body = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } };
    await apps.patchNamespacedDeployment({ name, namespace: 'default', body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    await rolledOut(name, replicas, 'nginx:2');
    live.abort();
    return seen;
  }

  it.each([
    { name: 'ints', maxSurge: 2, maxUnavailable: 1, most: 12, fewestReady: 9 },
    // 25% of 10: surge rounds up to 3, unavailable rounds down to 2
    { name: 'percents', maxSurge: '25%', maxUnavailable: '25%', most: 13, fewestReady: 8 },
    { name: 'no-surge', maxSurge: 0, maxUnavailable: 1, most: 10, fewestReady: 9 },
  ])('rolls 10 replicas within maxSurge=$maxSurge and maxUnavailable=$maxUnavailable', async ({ name, maxSurge, maxUnavailable, most, fewestReady }) => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment(name, 10, { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }) });
    await rolledOut(name, 10, 'nginx:1');
    const seen = await observeRollout(name, 10);
    expect({ maxPods: seen.maxPods, minReady: seen.minReady }).toEqual({ maxPods: most, minReady: fewestReady });
  });

  it('recreates: every old pod is gone before a new one is created', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('recreate', 4, { type: 'Recreate' }) });
    await rolledOut('recreate', 4, 'nginx:1');
    const seen = await observeRollout('recreate', 4);
    expect(seen).toEqual({ maxPods: 4, minReady: 0, newBeforeOldGone: 0 });
  });

  it('spreads a scale-up over both ReplicaSets of a stuck rollout in proportion (the upstream documentation example)', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('spread', 10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }) });
    await rolledOut('spread', 10, 'nginx:1');
    // the new template cannot be scheduled: the rollout stops at 8 old and 5 new replicas
    const stuck = { spec: { template: { spec: { nodeSelector: { missing: 'label' } } } } };
    await apps.patchNamespacedDeployment({ name: 'spread', namespace: 'default', body: stuck }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const sizes = async () => {
      const sets = (await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'app=spread' })).items;
      return Object.fromEntries(sets.map((rs) => [rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs.spec?.replicas]));
    };
    await vi.waitFor(async () => expect(await sizes()).toEqual({ 1: 8, 2: 5 }));
    await apps.patchNamespacedDeployment({ name: 'spread', namespace: 'default', body: { spec: { replicas: 15 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await vi.waitFor(async () => expect(await sizes()).toEqual({ 1: 11, 2: 7 }));
  });

  it('reports the rollout in status, conditions, revisions and ScalingReplicaSet events', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('status', 3) });
    const first = await rolledOut('status', 3, 'nginx:1');
    expect(first.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(first.status?.unavailableReplicas).toBeUndefined();
    const conditions = (d: V1Deployment) => Object.fromEntries((d.status?.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
    expect(conditions(first)).toEqual({ Available: 'True/MinimumReplicasAvailable', Progressing: 'True/NewReplicaSetAvailable' });
    expect(first.status?.conditions?.find((c) => c.type === 'Progressing')?.message).toMatch(/^ReplicaSet "status-\w+" has successfully progressed\.$/);

    const progressing: string[] = [];
    const live = await new Watch(sut.kubeConfig).watch('/apis/apps/v1/namespaces/default/deployments', { fieldSelector: 'metadata.name=status', resourceVersion: first.metadata?.resourceVersion }, (_phase, d: V1Deployment) => {
      progressing.push(conditions(d).Progressing);
    }, () => undefined);
    const body = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } };
    await apps.patchNamespacedDeployment({ name: 'status', namespace: 'default', body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const second = await rolledOut('status', 3, 'nginx:2');
    await vi.waitFor(() => expect(progressing.at(-1)).toBe('True/NewReplicaSetAvailable'));
    live.abort();
    expect(progressing).toContain('True/NewReplicaSetCreated');
    expect(progressing).toContain('True/ReplicaSetUpdated');
    expect(second.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');

    const sets = (await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'app=status' })).items;
    const byRevision = Object.fromEntries(sets.map((rs) => [rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs]));
    expect([byRevision['1']?.spec?.replicas, byRevision['2']?.spec?.replicas]).toEqual([0, 3]);
    const [old, next] = [byRevision['1']?.metadata?.name, byRevision['2']?.metadata?.name];
    const events = (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=status' })).items;
    expect(events.every((e) => e.reason === 'ScalingReplicaSet' && e.source?.component === 'deployment-controller')).toBe(true);
    // 3 replicas at the default 25%: surge 1, unavailable 0, so one pod at a time
    expect(events.map((e) => e.message).sort()).toEqual(
      [
        `Scaled up replica set ${old} from 0 to 3`,
        `Scaled up replica set ${next} from 0 to 1`,
        `Scaled down replica set ${old} from 3 to 2`,
        `Scaled up replica set ${next} from 1 to 2`,
        `Scaled down replica set ${old} from 2 to 1`,
        `Scaled up replica set ${next} from 2 to 3`,
        `Scaled down replica set ${old} from 1 to 0`,
      ].sort(),
    );
  });

  it('defaults the strategy and refuses maxSurge and maxUnavailable both 0 with 422', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('defaults', 1) });
    expect(created.spec).toMatchObject({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    const error = await apps
      .createNamespacedDeployment({ namespace: 'default', body: deployment('zero', 1, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(422);
    const status = JSON.parse((error as ApiException<string>).body);
    expect(status.details.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' }]);
  });

  it('reports ProgressDeadlineExceeded when a rollout stops making progress', async () => {
    const stuck = deployment('stuck', 1);
    stuck.spec!.progressDeadlineSeconds = 1;
    stuck.spec!.template.spec!.containers[0].resources = { requests: { cpu: '64' } };
    await apps.createNamespacedDeployment({ namespace: 'default', body: stuck });
    await vi.waitFor(
      async () => {
        const current = await apps.readNamespacedDeployment({ name: 'stuck', namespace: 'default' });
        expect(current.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
