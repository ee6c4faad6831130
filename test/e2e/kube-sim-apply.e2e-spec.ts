/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// kubectl server-side apply against kube-sim: field managers and conflicts.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);

const CONFIG_MAP = (value: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: owned, namespace: default }
data: { a: '${value}' }
`;

describe('kube-sim server-side apply (kubectl)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-apply-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const manifest = (value: string) => {
    const file = join(dataDir, `cm-${value}.yaml`);
    writeFileSync(file, CONFIG_MAP(value));
    return file;
  };
  const kubectl = (...args: string[]) => exec('kubectl', ['--kubeconfig', kubeconfig, ...args]);

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }));
  });
  afterAll(() => sim?.close());

  it('reports a conflict between two field managers and takes ownership with --force-conflicts', async () => {
    expect((await kubectl('apply', '--server-side', '--field-manager=alice', '-f', manifest('1'))).stdout).toMatch(/configmap\/owned serverside-applied/);
    const failure = await kubectl('apply', '--server-side', '--field-manager=bob', '-f', manifest('2')).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toMatch(/conflict with "alice"/);
    expect(failure).toMatch(/\.data\.a/);
    await kubectl('apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', manifest('2'));
    const managers = JSON.parse((await kubectl('get', 'configmap', 'owned', '-o', 'json', '--show-managed-fields')).stdout).metadata.managedFields;
    expect(managers).toContainEqual(expect.objectContaining({ manager: 'bob', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } }));
  });
});
