/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// metrics.k8s.io, self reviews and token requests of kube-sim through kubectl and its written kubeconfig.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);

describe('kube-sim metrics and authorization (kubectl)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-metrics-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const kubectl = async (...args: string[]) => (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;

  beforeAll(async () => {
    const config = Object.assign(new KubeSimConfig(), {
      KUBE_SIM_PORT: 0,
      KUBE_SIM_DATA_DIR: dataDir,
      KUBE_SIM_ADVERTISE_HOST: '127.0.0.1',
      KUBE_SIM_USAGE_SEED: 'e2e',
      KUBE_SIM_KUBELET_START_DELAY_MS: 50,
    });
    sim = await startKubeSim(config);
    await kubectl('create', 'namespace', 'top');
    await kubectl('-n', 'top', 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2');
    await kubectl('-n', 'top', 'set', 'resources', 'deployment', 'web', '--requests=cpu=500m,memory=256Mi');
    await kubectl('-n', 'top', 'rollout', 'status', 'deployment/web', '--timeout=60s');
  });
  afterAll(() => sim?.close());

  it('lists metrics.k8s.io in discovery', async () => {
    expect(await kubectl('api-versions')).toMatch(/^metrics\.k8s\.io\/v1beta1$/m);
  });

  it('answers kubectl top nodes with every node', async () => {
    const out = await kubectl('top', 'nodes');
    expect(out).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)/);
    for (const node of ['default-node-1', 'default-node-2', 'default-node-3']) expect(out).toMatch(new RegExp(`^${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));
  });

  it('answers kubectl top pods -A with the running deployment pods within their requests', async () => {
    const out = await kubectl('top', 'pods', '-A');
    const rows = out.split('\n').filter((line) => line.startsWith('top '));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [, , cpu, memory] = row.split(/\s+/);
      expect(parseInt(cpu, 10)).toBeGreaterThanOrEqual(100);
      expect(parseInt(cpu, 10)).toBeLessThanOrEqual(450);
      expect(parseInt(memory, 10)).toBeLessThanOrEqual(231);
    }
  });

  it('says yes to kubectl auth can-i create pods', async () => {
    expect((await kubectl('auth', 'can-i', 'create', 'pods')).trim()).toBe('yes');
    expect(await kubectl('auth', 'can-i', '--list')).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  it('issues service account tokens with kubectl create token', async () => {
    await kubectl('-n', 'top', 'create', 'serviceaccount', 'robot');
    expect((await kubectl('-n', 'top', 'create', 'token', 'robot')).trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
