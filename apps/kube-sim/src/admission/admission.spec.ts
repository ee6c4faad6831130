import { ApiError, SimApiServer } from '../apiserver/api-handler';
import { startControllers } from '../controllers/start-controllers';
import { addReadyNode, podWith } from '../controllers/testing.util';

describe('quota and limit admission', () => {
  let api: SimApiServer;
  let stop: () => void;

  beforeEach(() => {
    api = new SimApiServer();
    stop = startControllers(api, { kubelet: { startDelayMs: 5 } });
    addReadyNode(api, 'n1', { cpu: '8', memory: '16Gi' });
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
  });
  afterEach(() => stop());

  it('rejects a pod over quota with 403 and keeps status.used', async () => {
    api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'team' }, spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '5' } } });
    api.create(podWith('a', { cpu: '600m', memory: '512Mi' }, {}, 'team'));
    let error: unknown;
    try {
      api.create(podWith('b', { cpu: '500m', memory: '256Mi' }, {}, 'team'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1',
    });
    await vi.waitFor(() => expect(api.get('resourcequotas', 'team', 'compute')?.status).toEqual({ hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '5' }, used: { 'requests.cpu': '600m', 'requests.memory': '512Mi', pods: '1' } }));
  });

  it('fills container defaults from the LimitRange', () => {
    api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults', namespace: 'team' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } }] } });
    const created = api.create(podWith('c', {}, {}, 'team'));
    const { resources } = (created.spec as { containers: { resources: unknown }[] }).containers[0];
    expect(resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
  });
});
