/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// `kubectl get -w` against kube-sim: watch events come back as meta.k8s.io/v1 Tables that kubectl prints as rows.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);

describe('kube-sim watch with Tables (kubectl get -w)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-watch-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const kubectl = async (...args: string[]) => (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }));
    await kubectl('create', 'namespace', 'watch');
    await kubectl('create', 'configmap', 'before', '-n', 'watch', '--from-literal=a=1');
  });
  afterAll(() => sim?.close());

  it('prints a row for each configmap as it appears', async () => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'configmaps', '-n', 'watch', '-w']);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await vi.waitFor(() => expect(out).toMatch(/^before\s+1\s+\S+/m), { timeout: 10_000, interval: 100 });
      await kubectl('create', 'configmap', 'during', '-n', 'watch', '--from-literal=a=1', '--from-literal=b=2');
      await vi.waitFor(() => expect(out).toMatch(/^during\s+2\s+\S+/m), { timeout: 10_000, interval: 100 });
    } finally {
      child.kill();
    }
    expect(out).toMatch(/^NAME\s+DATA\s+AGE/);
    expect(err).toBe('');
  }, 30_000);
});
