import { SimApiServer } from '../apiserver/api-handler';
import { ClusterSimulation } from './cluster-simulation';
import { backoffMs } from './crash-loop.status';
import { conditionOf } from './object.util';
import { startControllers } from './start-controllers';
import { addReadyNode, podWith } from './testing.util';

type ContainerStatus = { restartCount: number; ready: boolean; state: { waiting?: { reason: string; message: string }; running?: object }; lastState?: { terminated?: { exitCode: number; reason: string } } };
const containerOf = (api: SimApiServer, name: string) => ((api.get('pods', 'default', name)?.status as { containerStatuses?: ContainerStatus[] }).containerStatuses ?? [])[0];

describe('crash loops', () => {
  let api: SimApiServer;
  let simulation: ClusterSimulation;
  let stop: () => void;

  beforeEach(() => {
    api = new SimApiServer();
    simulation = new ClusterSimulation(api, { timeScale: 20 });
    stop = startControllers(api, { simulation, kubelet: { startDelayMs: 100 } });
    addReadyNode(api, 'n1', { cpu: '4', memory: '8Gi' });
  });
  afterEach(() => stop());

  it('backs off 10 s, 20 s, … up to 5 minutes as the kubelet does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('crashes the selected pods with rising restart counts and CrashLoopBackOff, and lets them run again once removed', async () => {
    api.create({ ...podWith('bad', {}), metadata: { name: 'bad', namespace: 'default', labels: { app: 'bad' } } });
    api.create(podWith('good', {}));
    simulation.crashLoops.add({ labelSelector: 'app=bad', exitCode: 2 });
    await vi.waitFor(() => expect(containerOf(api, 'bad')?.state.waiting?.reason).toBe('CrashLoopBackOff'));
    const first = containerOf(api, 'bad');
    expect(first.restartCount).toBe(1);
    expect(first.state.waiting?.message).toMatch(/^back-off 10s restarting failed container=app pod=bad_default\(.+\)$/);
    expect(first.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    const pod = api.get('pods', 'default', 'bad')!;
    expect((pod.status as { phase: string }).phase).toBe('Running');
    expect(conditionOf(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(api.list('events', 'default').find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Warning', message: expect.stringMatching(/^Back-off restarting failed container app in pod bad_default/) });

    simulation.timers.setScale(500);
    await vi.waitFor(() => expect(containerOf(api, 'bad').state.waiting?.message).toMatch(/^back-off 20s /), { timeout: 5000 });
    expect(containerOf(api, 'bad').restartCount).toBe(2);
    expect(containerOf(api, 'good')).toMatchObject({ restartCount: 0, ready: true });

    simulation.crashLoops.clear();
    await vi.waitFor(() => expect(containerOf(api, 'bad')).toMatchObject({ ready: true, restartCount: 3, state: { running: expect.any(Object) } }), { timeout: 5000 });
    expect(conditionOf(api.get('pods', 'default', 'bad')!, 'Ready')?.status).toBe('True');
  });

  it('leaves pods on a down node alone', async () => {
    api.create(podWith('stuck', {}));
    await vi.waitFor(() => expect(containerOf(api, 'stuck')?.state.running).toBeDefined());
    simulation.nodeDown('n1');
    simulation.crashLoops.add({ name: 'stuck' });
    simulation.timers.setScale(500);
    const later = simulation.now() + 30_000;
    await vi.waitFor(() => expect(simulation.now()).toBeGreaterThan(later), { timeout: 5000 });
    expect(containerOf(api, 'stuck').restartCount).toBe(0);
  });
});
