/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { FLAVOURS, KubeSimConfig, startKubeSim, type KubeSim } from '@flotilla/app-kube-sim';
import { kubeConfigForAccess, serverVersion } from '@flotilla/kube';

const run = promisify(execFile);

function configFor(dataDir: string, overrides: Partial<KubeSimConfig> = {}): KubeSimConfig {
  return Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, ...overrides });
}

/** One HTTPS call verified against the simulator's CA. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read Kubernetes JSON loosely
function call(sim: KubeSim, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; text: string; json: () => any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const req = request(`${sim.url}${path}`, { method: init.method ?? 'GET', ca: sim.pki.caCertPem, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

describe('kube-sim server shell', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-e2e-'));
  let sim: KubeSim;
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(sim, `/_sim${path}`, { ...init, token: sim.adminToken });
  const kubeconfigOf = (name: string) => join(dataDir, 'kubeconfigs', `${name}.yaml`);
  const tokenOf = (name: string) => sim.registry.get(name).token;

  beforeAll(async () => {
    sim = await startKubeSim(configFor(dataDir, { KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }));
  });
  afterAll(() => sim?.close());

  it('serves the default cluster over TLS that client-node verifies against the kubeconfig CA', async () => {
    const kubeconfig = parse(readFileSync(kubeconfigOf('default'), 'utf8'));
    const { server, 'certificate-authority-data': caData } = kubeconfig.clusters[0].cluster;
    expect(server).toBe(`${sim.url}/clusters/default`);
    const version = await serverVersion(kubeConfigForAccess({ server, caData, token: kubeconfig.users[0].user.token }, 'default'));
    expect(version).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.4' });
    expect(statSync(kubeconfigOf('default')).mode & 0o777).toBe(0o600);
  });

  it('writes kubeconfigs that client-node loads from file and kubectl uses unchanged', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigOf('default'));
    expect(kc.getCurrentCluster()?.server).toBe(`${sim.url}/clusters/default`);
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfigOf('default'), 'version', '-o', 'json']);
    expect(JSON.parse(stdout).serverVersion.gitVersion).toBe('v1.31.4');
    const nodes = await run('kubectl', ['--kubeconfig', kubeconfigOf('default'), 'get', 'nodes', '-o', 'name']);
    expect(nodes.stdout.trim().split('\n')).toEqual(['node/default-node-1', 'node/default-node-2', 'node/default-node-3']);
  });

  it('serves legacy discovery that kubectl reads', async () => {
    // --raw takes the path as is: the cluster's prefix is part of it
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfigOf('default'), 'get', '--raw', '/clusters/default/api/v1']);
    const list = JSON.parse(stdout);
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(list.resources).toContainEqual(expect.objectContaining({ name: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'] }));
    const resources = await run('kubectl', ['--kubeconfig', kubeconfigOf('default'), 'api-resources', '--no-headers']);
    expect(resources.stdout).toMatch(/^nodes\s+no\s+v1\s+false\s+Node$/m);
  });

  it('answers a bad or missing token with a 401 Status, and probes without one', async () => {
    for (const token of ['wrong', undefined]) {
      const res = await call(sim, '/clusters/default/api/v1/nodes', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
    const kc = kubeConfigForAccess({ server: `${sim.url}/clusters/default`, caData: Buffer.from(sim.pki.caCertPem).toString('base64'), token: 'wrong' }, 'x');
    await expect(serverVersion(kc)).rejects.toMatchObject({ code: 401 });
    expect((await call(sim, '/readyz')).status).toBe(200);
    expect((await call(sim, '/clusters/default/healthz')).text).toBe('ok');
  });

  it.each(FLAVOURS)('presents the %s flavour through /version and node signals', async (flavour) => {
    const name = `fl-${flavour}`;
    const created = await admin('/clusters', { method: 'POST', body: { name, flavour, nodes: [{ name: 'n1', capacity: { cpu: '8', 'nvidia.com/gpu': '1' } }] } });
    expect(created.status).toBe(201);
    const { gitVersion } = (await call(sim, `/clusters/${name}/version`, { token: tokenOf(name) })).json();
    const expected = { eks: /^v1\.31\.4-eks-[0-9a-f]{7}$/, gke: /^v1\.31\.5-gke\.\d+$/, k3s: /\+k3s1$/, rke2: /\+rke2r1$/, openshift: /^v1\.31\.4\+[0-9a-f]{7}$/ }[flavour as string];
    expect(gitVersion).toMatch(expected ?? /^v1\.31\.4$/);
    const node = (await call(sim, `/clusters/${name}/api/v1/nodes/n1`, { token: tokenOf(name) })).json();
    expect(node.status.nodeInfo.kubeletVersion).toBe(gitVersion);
    expect(node.status.capacity).toEqual({ cpu: '8', memory: '16Gi', pods: '110', 'nvidia.com/gpu': '1' });
    expect(node.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    const signal = { eks: 'eks.amazonaws.com/nodegroup', gke: 'cloud.google.com/gke-nodepool', aks: 'kubernetes.azure.com/agentpool', microk8s: 'microk8s.io/cluster', openshift: 'node.openshift.io/os_id' }[flavour as string];
    if (signal) expect(node.metadata.labels).toHaveProperty([signal]);
    const prefix = { eks: 'aws://', gke: 'gce://', aks: 'azure://', k3s: 'k3s://', rke2: 'rke2://', kind: 'kind://' }[flavour as string];
    expect(node.spec.providerID?.split('/')[0]).toBe(prefix?.split('/')[0]);
    const groups = (await call(sim, `/clusters/${name}/apis`, { token: tokenOf(name) })).json().groups.map((group: { name: string }) => group.name);
    expect(groups.includes('route.openshift.io')).toBe(flavour === 'openshift');
  });

  it('creates, lists and deletes clusters and nodes through the control API', async () => {
    const created = await admin('/clusters', { method: 'POST', body: { name: 'ctl', flavour: 'k3s' } });
    expect(created.json()).toMatchObject({ name: 'ctl', flavour: 'k3s', server: `${sim.url}/clusters/ctl`, kubeconfigPath: kubeconfigOf('ctl') });
    expect(created.text).not.toContain(tokenOf('ctl'));
    expect((await admin('/clusters')).json().items.map((c: { name: string }) => c.name)).toContain('ctl');
    expect((await admin('/clusters/ctl/nodes', { method: 'POST', body: { name: 'w1', labels: { pool: 'gpu' } } })).status).toBe(201);
    expect((await call(sim, '/clusters/ctl/api/v1/nodes/w1', { token: tokenOf('ctl') })).json().metadata.labels.pool).toBe('gpu');
    expect((await admin('/clusters/ctl/nodes/w1', { method: 'DELETE' })).status).toBe(200);
    expect((await call(sim, '/clusters/ctl/api/v1/nodes/w1', { token: tokenOf('ctl') })).status).toBe(404);
    // a k3s cluster's kubeconfig holds a client certificate as k3s.yaml does; ?auth=token the cluster token
    const kubeconfig = await admin('/clusters/ctl/kubeconfig');
    expect(parse(kubeconfig.text).users[0]).toMatchObject({ name: 'default', user: { 'client-certificate-data': expect.any(String) } });
    expect(parse((await admin('/clusters/ctl/kubeconfig?auth=token')).text).users[0].user.token).toBe(tokenOf('ctl'));
    expect((await admin('/clusters', { method: 'POST', body: { name: 'ctl' } })).status).toBe(409);
    expect((await admin('/clusters/ctl', { method: 'DELETE' })).status).toBe(200);
    expect((await admin('/clusters/ctl', { method: 'DELETE' })).status).toBe(404);
  });

  it.each([
    [{ name: 'Bad_Name' }, 'name'],
    [{ name: 'ok', flavour: 'nomad' }, 'flavour'],
    [{ name: 'ok', nodes: 'three' }, 'nodes'],
    [{ name: 'ok', nodes: [{ name: 'n', capacity: { cpu: 'lots' } }] }, 'nodes[0].capacity.cpu'],
  ])('rejects %j with a 400 naming %s', async (body, field) => {
    const res = await admin('/clusters', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
  });

  it('refuses the control API without the admin token', async () => {
    expect((await call(sim, '/_sim/clusters')).status).toBe(401);
    expect((await call(sim, '/_sim/clusters', { token: tokenOf('default') })).status).toBe(401);
  });

  it('makes a cluster unreachable (connection reset) and slow, and back', async () => {
    await admin('/clusters', { method: 'POST', body: { name: 'flaky' } });
    expect((await admin('/clusters/flaky/faults', { method: 'POST', body: { unreachable: true } })).status).toBe(200);
    await expect(call(sim, '/clusters/flaky/version', { token: tokenOf('flaky') })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await call(sim, '/clusters/default/version', { token: tokenOf('default') })).status).toBe(200);
    await admin('/clusters/flaky/faults', { method: 'DELETE' });
    await admin('/clusters/flaky/faults', { method: 'POST', body: { latencyMs: 300 } });
    const started = Date.now();
    expect((await call(sim, '/clusters/flaky/version', { token: tokenOf('flaky') })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await admin('/clusters/flaky/faults', { method: 'DELETE' });
    expect((await admin('/clusters/flaky/faults', { method: 'POST', body: { latencyMs: -1 } })).json().error.details.field).toBe('latencyMs');
  });

  it('resets to the default cluster only', async () => {
    await admin('/clusters', { method: 'POST', body: { name: 'gone' } });
    const res = await admin('/reset', { method: 'POST' });
    expect(res.json().items.map((c: { name: string }) => c.name)).toEqual(['default']);
  });

  it('reuses the CA, serving certificate, admin and cluster tokens on a second start', async () => {
    const second = await startKubeSim(configFor(dataDir));
    try {
      expect(second.pki.caFingerprint).toBe(sim.pki.caFingerprint);
      expect(new X509Certificate(second.pki.certPem).fingerprint256).toBe(new X509Certificate(sim.pki.certPem).fingerprint256);
      expect(second.adminToken).toBe(sim.adminToken);
      expect(second.registry.get('default').token).toBe(tokenOf('default'));
      expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    } finally {
      await second.close();
    }
  });

  it('runs kubectl get nodes -o wide and api-resources against the real API machinery', async () => {
    const realDir = mkdtempSync(join(tmpdir(), 'kube-sim-e2e-real-'));
    const real = await startKubeSim(configFor(realDir));
    try {
      const kubeconfig = join(realDir, 'kubeconfigs', 'default.yaml');
      const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'wide', '--no-headers']);
      expect(stdout.trim().split('\n')).toHaveLength(3);
      expect(stdout).toMatch(/^default-node-1\s+Ready\s/m);
      const versions = await run('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'jsonpath={.items[*].status.nodeInfo.kubeletVersion}']);
      expect(versions.stdout).toBe('v1.31.4 v1.31.4 v1.31.4');
      const resources = await run('kubectl', ['--kubeconfig', kubeconfig, 'api-resources', '--no-headers']);
      expect(resources.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    } finally {
      await real.close();
    }
  });
});
