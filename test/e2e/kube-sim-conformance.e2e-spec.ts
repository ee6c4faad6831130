/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
// Conformance of kube-sim with real clients over HTTPS and its written kubeconfig: kubectl and the
// python `kubernetes` client (Debian python3-kubernetes, run with /usr/bin/python3).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';

const exec = promisify(execFile);
const PYTHON = '/usr/bin/python3';

const MANIFEST = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: conf, labels: { app: x } }
spec:
  replicas: 1
  selector: { matchLabels: { app: x } }
  template:
    metadata: { labels: { app: x } }
    spec: { containers: [{ name: web, image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: conf, labels: { app: x } }
data: { a: '${value}' }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: conf, labels: { app: x } }
spec: { selector: { app: x }, ports: [{ port: 80, targetPort: 80 }] }
`;

describe('kube-sim conformance (kubectl, python)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-conf-'));
  const kubeconfig = join(dataDir, 'kubeconfigs', 'default.yaml');
  let sim: KubeSim;
  const manifest = (value: string) => {
    const file = join(dataDir, `manifest-${value}.yaml`);
    writeFileSync(file, MANIFEST(value));
    return file;
  };
  const kubectl = async (...args: string[]) => (await exec('kubectl', ['--kubeconfig', kubeconfig, ...args])).stdout;
  const exitCode = (...args: string[]) =>
    exec('kubectl', ['--kubeconfig', kubeconfig, ...args]).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }));
    await kubectl('create', 'namespace', 'conf');
  });
  afterAll(() => sim?.close());

  it('reports versions and lists namespaces, pods and nodes', async () => {
    expect(JSON.parse(await kubectl('version', '-o', 'json')).serverVersion.gitVersion).toBe('v1.31.4');
    expect(await kubectl('get', 'ns')).toMatch(/^conf\s+Active/m);
    expect(await kubectl('get', 'pods', '-A', '-o', 'wide')).toBeDefined();
    const nodes = await kubectl('get', 'nodes', '-o', 'wide');
    expect(nodes).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE/);
    expect(nodes).toMatch(/^default-node-1\s+Ready\s+\S+\s+\S+\s+v1\.31\.4\s+\d+\.\d+\.\d+\.\d+\s/m);
  });

  it('serves OpenAPI that kubectl explain reads', async () => {
    const out = await kubectl('explain', 'pods.spec.containers');
    expect(out).toMatch(/KIND:\s+Pod/);
    expect(out).toMatch(/FIELD:\s+containers <\[\]Container>/);
    expect(await kubectl('explain', 'deployments.spec.strategy')).toMatch(/GROUP:\s+apps/);
    expect(await kubectl('explain', 'roles')).toMatch(/GROUP:\s+rbac.authorization.k8s.io/);
  });

  it('applies, diffs, server-side applies and deletes a manifest', async () => {
    const first = manifest('1');
    expect(await kubectl('apply', '-f', first)).toMatch(/deployment.apps\/web created[\s\S]*configmap\/web-config created[\s\S]*service\/web created/);
    expect(await kubectl('apply', '-f', first)).toMatch(/configmap\/web-config unchanged/);
    expect(await exitCode('diff', '-f', first)).toBe(0);
    const second = manifest('2');
    expect(await exitCode('diff', '-f', second)).toBe(1);
    expect(await kubectl('apply', '--server-side', '-f', second)).toMatch(/configmap\/web-config serverside-applied/);
    expect(JSON.parse(await kubectl('get', 'cm', 'web-config', '-n', 'conf', '-o', 'json')).data).toEqual({ a: '2' });
    const yaml = parse(await kubectl('get', 'deploy', '-n', 'conf', '-o', 'yaml'));
    expect(yaml).toMatchObject({ kind: 'List', items: [{ kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } }] });
    expect(await kubectl('delete', '-f', second)).toMatch(/deployment.apps "web" deleted/);
    expect(await kubectl('get', 'deploy,cm,svc', '-n', 'conf', '-l', 'app=x', '-o', 'name')).toBe('');
  });

  it('scales, labels, annotates and selects', async () => {
    await kubectl('apply', '-f', manifest('3'));
    expect(await kubectl('scale', 'deployment', 'web', '-n', 'conf', '--replicas=3')).toMatch(/scaled/);
    expect(await kubectl('get', 'deploy', 'web', '-n', 'conf', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    await kubectl('label', 'cm', 'web-config', '-n', 'conf', 'tier=backend');
    await kubectl('annotate', 'cm', 'web-config', '-n', 'conf', 'note=hello');
    const cm = JSON.parse(await kubectl('get', 'cm', 'web-config', '-n', 'conf', '-o', 'json'));
    expect(cm.metadata).toMatchObject({ labels: { app: 'x', tier: 'backend' }, annotations: { note: 'hello' } });
    expect(await kubectl('get', 'cm', '-n', 'conf', '-l', 'tier=backend', '-o', 'name')).toBe('configmap/web-config\n');
    expect(await kubectl('get', 'cm', '-n', 'conf', '-l', 'tier=frontend', '-o', 'name')).toBe('');
  });

  it('rolls the deployment out and waits for it to be Available', async () => {
    expect(await kubectl('rollout', 'status', 'deployment/web', '-n', 'conf', '--timeout=30s')).toMatch(/successfully rolled out/);
    expect(await kubectl('wait', '--for=condition=Available', 'deployment/web', '-n', 'conf', '--timeout=30s')).toMatch(/condition met/);
    expect(await kubectl('get', 'deploy', 'web', '-n', 'conf', '-o', 'jsonpath={.status.readyReplicas}')).toBe('3');
    expect(await kubectl('get', 'pods', '-n', 'conf', '-l', 'app=x', '-o', 'wide')).toMatch(/^web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+default-node-\d/m);
  });

  it('waits for a pod to be deleted', async () => {
    await kubectl('run', 'doomed', '-n', 'conf', '--image=busybox', '--restart=Never');
    // a finalizer holds the pod while kubectl wait starts watching it
    await kubectl('patch', 'pod', 'doomed', '-n', 'conf', '--type=merge', '-p', '{"metadata":{"finalizers":["e2e.flotilla.dev/hold"]}}');
    await kubectl('delete', 'pod', 'doomed', '-n', 'conf', '--wait=false');
    const waiting = kubectl('wait', '--for=delete', 'pod/doomed', '-n', 'conf', '--timeout=20s');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await kubectl('patch', 'pod', 'doomed', '-n', 'conf', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
    expect(await waiting).toMatch(/pod\/doomed (condition met|deleted)/);
  });

  it('passes raw paths with the cluster prefix', async () => {
    const list = JSON.parse(await kubectl('get', '--raw', '/clusters/default/api/v1/namespaces'));
    expect(list.kind).toBe('NamespaceList');
    expect(list.items.map((ns: { metadata: { name: string } }) => ns.metadata.name)).toContain('conf');
  });

  it('works with the python kubernetes client', async () => {
    const script = join(__dirname, '..', 'fixtures', 'kube-sim-python-client.py');
    const { stdout } = await exec(PYTHON, [script, kubeconfig, 'conf'], { timeout: 30_000 });
    const results = JSON.parse(stdout);
    expect(results.namespaces).toEqual(expect.arrayContaining(['conf', 'default', 'kube-system']));
    expect(results.created).toMatchObject({ name: 'py-cm', uid: true });
    expect(results.read).toEqual({ a: '1' });
    expect(results.patched).toEqual({ a: '1', b: '2' });
    expect(results.conflict).toEqual({ status: 409, reason: 'AlreadyExists' });
    expect(results.deletedEvent).toMatchObject({ type: 'DELETED', name: 'py-cm' });
    expect(results.afterDelete).toBe(404);
  });
});
