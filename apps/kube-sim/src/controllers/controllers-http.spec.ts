import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { failureOf, startSimHttp, type SimHttp } from '../apiserver/testing/sim-http';
import { startControllers } from './start-controllers';
import { addReadyNode } from './testing.util';

const podOf = (name: string, cpu: string, schedulerName?: string): V1Pod => ({
  metadata: { name },
  spec: { schedulerName, containers: [{ name: 'app', image: 'nginx:1', resources: { requests: { cpu } } }] },
});

describe('controllers over HTTP', () => {
  let sut: SimHttp;
  let core: CoreV1Api;
  let stop: () => void;

  beforeAll(async () => {
    sut = await startSimHttp();
    stop = startControllers(sut.sim, { kubelet: { startDelayMs: 5 } });
    core = sut.kubeConfig.makeApiClient(CoreV1Api);
    addReadyNode(sut.sim, 'worker-1', { cpu: '2', memory: '4Gi' });
  });
  afterAll(async () => {
    stop();
    await sut.close();
  });

  it('runs a created pod and reports it through the API', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: podOf('api-web', '500m') });
    await vi.waitFor(async () => {
      const pod = await core.readNamespacedPod({ namespace: 'default', name: 'api-web' });
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toBe('worker-1');
      expect(pod.status?.podIP).toMatch(/^10\.244\./);
    });
  });

  it('binds a pod of another scheduler through pods/binding, once', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: podOf('custom', '100m', 'my-scheduler') });
    const body = { metadata: { name: 'custom' }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } };
    await core.createNamespacedPodBinding({ namespace: 'default', name: 'custom', body });
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'custom' });
    expect(pod.spec?.nodeName).toBe('worker-1');
    expect((await failureOf(core.createNamespacedPodBinding({ namespace: 'default', name: 'custom', body }))).code).toBe(409);
  });

  it('answers 403 Forbidden when a quota would be exceeded', async () => {
    await core.createNamespace({ body: { metadata: { name: 'quota-http' } } });
    await core.createNamespacedResourceQuota({ namespace: 'quota-http', body: { metadata: { name: 'pods-max' }, spec: { hard: { pods: '1' } } } });
    await core.createNamespacedPod({ namespace: 'quota-http', body: podOf('first', '100m') });
    const failure = await failureOf(core.createNamespacedPod({ namespace: 'quota-http', body: podOf('second', '100m') }));
    expect(failure.code).toBe(403);
    expect(failure.body).toMatchObject({ reason: 'Forbidden', message: 'pods "second" is forbidden: exceeded quota: pods-max, requested: pods=1, used: pods=1, limited: pods=1' });
  });
});
