// X.509 client certificates against the whole simulator, with kubectl, client-node and the python
// client: kind and k3s kubeconfigs hold one in system:masters, the control API issues one for any user,
// and kube-apiserver's answers follow: 401 for expired, foreign or missing credentials, RBAC for the rest.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuthenticationV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { ensurePki } from '../pki/pki.service';
import type { SimCluster } from '../server/cluster.registry';
import { renderKubeconfig } from '../server/kubeconfig';
import { kubectlWith, startSimUnderTest, type SimUnderTest } from '../testing';

const exec = promisify(execFile);
const DAY_MS = 24 * 3600_000;
const PYTHON_CLIENT = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'kube-sim-python-client.py');

describe('client certificate authentication', () => {
  let harness: SimUnderTest;
  let kind: SimCluster;
  let scratch: string;

  const fromText = (text: string) => {
    const kc = new KubeConfig();
    kc.loadFromString(text);
    return kc;
  };
  const userOf = (text: string) => parse(text).users[0];
  /** kubectl with a kubeconfig text written to a file of its own. */
  const kubectl = (name: string, text: string) => {
    const path = join(scratch, `${name}.yaml`);
    writeFileSync(path, text, { mode: 0o600 });
    return kubectlWith(path, scratch);
  };
  /** The kubeconfig text the control API answers (yaml, read through the raw answer). */
  const issued = async (cluster: SimCluster, query: string): Promise<string> => {
    const answer = await fetchText(`/clusters/${cluster.name}/kubeconfig?${query}`);
    expect(answer.status).toBe(200);
    return answer.text;
  };
  const fetchText = (path: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${harness.sim.adminToken}` };
      const req = request(`${harness.sim.url}/_sim${path}`, { ca: harness.sim.pki.caCertPem, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
  /** `kubectl auth can-i`'s answer, which it also gives as its exit code. */
  const canI = (kubeconfigPath: string, ...args: string[]) =>
    exec('kubectl', ['--kubeconfig', kubeconfigPath, 'auth', 'can-i', ...args]).then(
      ({ stdout }) => stdout.trim(),
      (error: { stdout?: string }) => (error.stdout ?? '').trim(),
    );
  /** GET /api/v1/nodes of the kind cluster over a connection presenting `certificate` (or none). */
  const rawNodes = (certificate?: { certPem: string; keyPem: string }) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const tls = { ca: harness.sim.pki.caCertPem, cert: certificate?.certPem, key: certificate?.keyPem, agent: false as const };
      const req = request(`${kind.server}/api/v1/nodes`, tls, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end();
    });
  const withCertificate = (cluster: SimCluster, certificate: { certPem: string; keyPem: string }) =>
    renderKubeconfig({ cluster: cluster.name, server: cluster.server, caCertPem: harness.sim.pki.caCertPem, clientCertificate: certificate });
  /** A kubeconfig whose user entry is `user` (no credentials, or a certificate and a token). */
  const withUser = (text: string, user: Record<string, string>) => {
    const doc = parse(text);
    doc.users[0].user = user;
    return stringify(doc);
  };

  beforeAll(async () => {
    harness = await startSimUnderTest();
    scratch = mkdtempSync(join(tmpdir(), 'kube-sim-certs-'));
    kind = await harness.cluster('kind');
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('the kubeconfig files kind and k3s clusters get', () => {
    it('kind: a client certificate of kubernetes-admin in system:masters, no token; kubectl and client-node use it as cluster-admin', async () => {
      const ctl = kubectlWith(kind.kubeconfigPath, scratch);

      const user = userOf(harness.sim.registry.kubeconfig(kind));
      const nodes = await ctl.run('get', 'nodes', '-o', 'name');
      const whoami = JSON.parse(await ctl.run('auth', 'whoami', '-o', 'json'));
      const created = await harness.kubeConfig(kind).makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'by-cert' } } });

      expect(Object.keys(user.user).sort()).toEqual(['client-certificate-data', 'client-key-data']);
      expect(nodes.trim().split('\n')).toEqual([`node/${kind.name}-node-1`, `node/${kind.name}-node-2`]);
      expect(whoami.status.userInfo).toEqual({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
      expect(created.metadata?.name).toBe('by-cert');
    });

    it('k3s: the users entry is "default", the certificate system:admin in system:masters', async () => {
      const k3s = await harness.cluster('k3s');
      const kc = harness.kubeConfig(k3s);

      const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      const nodes = await kubectlWith(k3s.kubeconfigPath, scratch).run('get', 'nodes', '-o', 'name');

      expect(kc.getCurrentUser()?.name).toBe('default');
      expect(kc.getCurrentUser()?.certData).toBeTruthy();
      expect(review.status?.userInfo).toMatchObject({ username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
      expect(nodes.trim().split('\n')).toHaveLength(2);
    });

    it('other flavours keep the bearer token', async () => {
      const eks = await harness.cluster('eks');

      expect(userOf(harness.sim.registry.kubeconfig(eks)).user).toEqual({ token: eks.token });
    });

    it('the python kubernetes client reads, writes and watches with the kind certificate', async () => {
      await kubectlWith(kind.kubeconfigPath, scratch).run('create', 'namespace', 'py');

      const { stdout } = await exec('/usr/bin/python3', [PYTHON_CLIENT, kind.kubeconfigPath, 'py'], { timeout: 30_000 });

      expect(JSON.parse(stdout)).toMatchObject({ created: { name: 'py-cm', uid: true }, patched: { a: '1', b: '2' }, deletedEvent: { type: 'DELETED' }, afterDelete: 404 });
    });
  });

  describe('a certificate for any user from the control API', () => {
    it('alice in dev and ops: authenticates as herself, RBAC says 403 until a RoleBinding grants her', async () => {
      const admin = kubectlWith(kind.kubeconfigPath, scratch);
      await admin.run('create', 'namespace', 'team');
      const alice = kubectl('alice', await issued(kind, 'auth=client-certificate&user=alice&groups=dev,ops&validDays=30'));
      const alicePath = join(scratch, 'alice.yaml');

      const whoami = JSON.parse(await alice.run('auth', 'whoami', '-o', 'json'));
      const refused = await alice.failure('get', 'pods', '-n', 'team');
      const before = await canI(alicePath, 'list', 'pods', '-n', 'team');
      await admin.run('create', 'rolebinding', 'dev-view', '--clusterrole=view', '--group=dev', '-n', 'team');
      await admin.run('create', 'clusterrole', 'view', '--verb=get,list,watch', '--resource=pods');

      expect(whoami.status.userInfo).toEqual({ username: 'alice', groups: ['dev', 'ops', 'system:authenticated'] });
      expect(refused).toContain('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team"');
      expect(before).toBe('no');
      expect(await canI(alicePath, 'list', 'pods', '-n', 'team')).toBe('yes');
      expect(await alice.run('get', 'pods', '-n', 'team')).toBe('');
      expect(await alice.failure('get', 'pods', '-n', 'default')).toContain('forbidden: User "alice"');
    });

    it('a certificate in system:masters is cluster-admin on an eks cluster too (one CA for every cluster)', async () => {
      const eks = await harness.cluster('eks');
      const text = await issued(eks, 'auth=client-certificate&user=ops-admin&groups=system:masters');

      const namespaces = await fromText(text).makeApiClient(CoreV1Api).listNamespace();

      expect(userOf(text).user['client-certificate-data']).toBeTruthy();
      expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('kube-system');
    });

    it('auth=token gives the bearer token kubeconfig of a kind cluster', async () => {
      const text = await issued(kind, 'auth=token');

      expect(userOf(text).user).toEqual({ token: kind.token });
      expect((await fromText(text).makeApiClient(CoreV1Api).listNode()).items).toHaveLength(2);
    });

    it.each([
      ['auth=password', 'auth'],
      ['auth=client-certificate', 'user'],
      ['auth=client-certificate&user=a,b', 'user'],
      ['auth=client-certificate&user=alice&groups=dev,%20x', 'groups'],
      ['auth=client-certificate&user=alice&validDays=0', 'validDays'],
      ['auth=client-certificate&user=alice&validDays=1.5', 'validDays'],
    ])('?%s: 400 naming %s', async (query, field) => {
      const answer = await harness.control('GET', `/clusters/${kind.name}/kubeconfig?${query}`);

      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { field } } });
    });
  });

  describe('certificates and requests kube-sim does not accept: 401 Unauthorized, as kube-apiserver words it', () => {
    const unauthorized = { code: 401 };
    const status401 = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

    it('an expired certificate of system:masters', async () => {
      const expired = await harness.sim.pki.issueClientCertificate({ user: 'kubernetes-admin', groups: ['system:masters'], notBefore: new Date(Date.now() - 30 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
      const text = withCertificate(kind, expired);

      await expect(fromText(text).makeApiClient(CoreV1Api).listNode()).rejects.toMatchObject(unauthorized);
      expect(await kubectl('expired', text).failure('get', 'nodes')).toContain('You must be logged in to the server (Unauthorized)');
      expect(await rawNodes(expired)).toEqual({ status: 401, body: { ...status401, metadata: {} } });
    });

    it('a certificate of system:masters from another CA', async () => {
      const otherDir = mkdtempSync(join(tmpdir(), 'kube-sim-other-ca-'));
      const foreign = await (await ensurePki(otherDir)).issueClientCertificate({ user: 'kubernetes-admin', groups: ['system:masters'] });
      rmSync(otherDir, { recursive: true, force: true });
      const text = withCertificate(kind, foreign);

      await expect(fromText(text).makeApiClient(CoreV1Api).listNode()).rejects.toMatchObject(unauthorized);
      expect(await kubectl('foreign', text).failure('get', 'nodes')).toContain('You must be logged in to the server (Unauthorized)');
      expect(await rawNodes(foreign)).toEqual({ status: 401, body: { ...status401, metadata: {} } });
    });

    it('a request with neither a certificate nor a token', async () => {
      const text = withUser(harness.sim.registry.kubeconfig(kind), {});

      await expect(fromText(text).makeApiClient(CoreV1Api).listNode()).rejects.toMatchObject(unauthorized);
      expect(await rawNodes()).toEqual({ status: 401, body: { ...status401, metadata: {} } });
      expect((await rawNodes(await harness.sim.pki.issueClientCertificate({ user: 'kubernetes-admin', groups: ['system:masters'] }))).status).toBe(200);
    });

    it('a foreign certificate beside the cluster token: the token authenticates, as a union of authenticators does', async () => {
      const otherDir = mkdtempSync(join(tmpdir(), 'kube-sim-other-ca-'));
      const foreign = await (await ensurePki(otherDir)).issueClientCertificate({ user: 'mallory', groups: [] });
      rmSync(otherDir, { recursive: true, force: true });
      const text = withCertificate(kind, foreign);
      const kc = fromText(withUser(text, { ...userOf(text).user, token: kind.token }));

      const nodes = await kc.makeApiClient(CoreV1Api).listNode();
      const rbac = await kc.makeApiClient(RbacAuthorizationV1Api).listClusterRole();

      expect(nodes.items).toHaveLength(2);
      expect(rbac.items).toBeDefined();
    });
  });
});
