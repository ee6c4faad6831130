/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Events through kubectl: a repeated identical event is one Event whose count grows, as a real
// cluster's controllers record them (client-go's EventCorrelator).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);

type EventItem = { message: string; count: number; reason: string; source: { component: string } };

describe('kube-sim events (kubectl)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-events-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const kubectl = async (...args: string[]) => (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;
  const scaleTo = async (replicas: number) => {
    await kubectl('scale', 'deployment/web', '-n', 'ev', `--replicas=${replicas}`);
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'ev', '--timeout=60s');
  };

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1', KUBE_SIM_KUBELET_START_DELAY_MS: 50 }));
    await kubectl('create', 'namespace', 'ev');
    await kubectl('create', 'deployment', 'web', '-n', 'ev', '--image=nginx:1.27', '--replicas=1');
    await kubectl('rollout', 'status', 'deployment/web', '-n', 'ev', '--timeout=60s');
  });
  afterAll(() => sim?.close());

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
