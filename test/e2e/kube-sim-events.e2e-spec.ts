/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Events through kubectl: a repeated identical event is one Event whose count grows, as a real
// cluster's controllers record them (client-go's EventCorrelator).
import { kubectlWith, startSimUnderTest, type Kubectl, type SimUnderTest } from '@flotilla/app-kube-sim/testing';

type EventItem = { message: string; count: number; reason: string; source: { component: string } };

describe('kube-sim events (kubectl)', () => {
  let harness: SimUnderTest;
  let ctl: Kubectl;
  const kubectl = (...args: string[]) => ctl.run(...args);
  const scaleTo = async (replicas: number) => {
    await kubectl('scale', 'deployment/web', '-n', 'ev', `--replicas=${replicas}`);
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'ev', '--timeout=60s');
  };

  beforeAll(async () => {
    harness = await startSimUnderTest({ KUBE_SIM_DEFAULT_CLUSTER: true, KUBE_SIM_KUBELET_START_DELAY_MS: 50 });
    ctl = kubectlWith(harness.sim.registry.get('default').kubeconfigPath, harness.dataDir);
    await kubectl('create', 'namespace', 'ev');
    await kubectl('create', 'deployment', 'web', '-n', 'ev', '--image=nginx:1.27', '--replicas=1');
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'ev', '--timeout=60s');
  });
  afterAll(() => harness?.close());

  it('counts a scaling repeated with the same message into one Event', async () => {
    await scaleTo(3);
    await scaleTo(1);
    await scaleTo(3);
    const items = (JSON.parse(await kubectl('get', 'events', '-n', 'ev', '--field-selector', 'involvedObject.kind=Deployment,involvedObject.name=web', '-o', 'json')) as { items: EventItem[] }).items;
    const upTo3 = items.filter((e) => /^Scaled up replica set web-\w+ from 1 to 3$/.test(e.message));
    expect(upTo3).toEqual([expect.objectContaining({ count: 2, reason: 'ScalingReplicaSet', source: { component: 'deployment-controller' } })]);
    expect(items.filter((e) => /from 3 to 1$/.test(e.message))).toEqual([expect.objectContaining({ count: 1 })]);

    expect(await kubectl('events', '-n', 'ev', '--for', 'deployment/web')).toMatch(/\(x2 over \w+\)\s+Normal\s+ScalingReplicaSet\s+Deployment\/web\s+Scaled up replica set web-\w+ from 1 to 3/);
    const wide = await kubectl('get', 'events', '-n', 'ev', '--field-selector', 'involvedObject.kind=Deployment', '-o', 'wide');
    expect(wide).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME$/m);
    expect(wide).toMatch(/Normal\s+ScalingReplicaSet\s+deployment\/web\s+deployment-controller\s+Scaled up replica set web-\w+ from 1 to 3\s+\w+\s+2\s+web\.[0-9a-f]+$/m);
  });
});
