// Registering clusters that do not simply work, as a REST client: each connection failure is a
// recorded registration with a clear status and reason (never a 500, never lost), recovers on a new
// test; client certificates authenticate when the cluster's CA issued them; credentials Flotilla cannot use and bodies it cannot read are 4xx naming the problem, and a
// kubeconfig over the gateway's body limit is a 413 in the one error shape.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { freePort } from '@flotilla/common';
import { expectStatus, kubeconfigRegistration, startClusterPlatform, tokenRegistration, type ClusterPlatform } from '../support/cluster-platform';
import { jwtExpiringAt, selfSigned } from '../support/pki';
import { serviceAccountToken, type SimClusterHandle } from '../support/sim-clusters';
import { createTenant, uniqueName, type ApiClient, type ApiResponse, type Json } from '../support/tenants';

const DAY_MS = 24 * 3600_000;
const stepsOf = (test: Json) => test.steps.map((s: Json) => [s.step, s.ok]);
const fieldsOf = (answer: ApiResponse) => (answer.body?.error?.details?.fields ?? []).map((f: Json) => f.field);

describe('registering clusters that cannot be used as they are', () => {
  let platform: ClusterPlatform;
  let orgAdmin: ApiClient;
  let sim: SimClusterHandle;
  // an exec credential plugin this installation allows: prints an ExecCredential with the cluster's token
  const pluginDir = mkdtempSync(join(tmpdir(), 'flotilla-e2e-exec-'));
  const plugin = join(pluginDir, 'sim-get-token');

  /** Registers, then reads it back: a failed connection must be recorded, not lost. */
  async function registerAndRead(body: Record<string, unknown>): Promise<{ created: Json; read: Json }> {
    const created = expectStatus(await orgAdmin.post('/clusters', body), 201, `register ${String(body.name)}`).body;
    const read = expectStatus(await orgAdmin.get(`/clusters/${created.id}`), 200, 'read back').body;
    return { created, read };
  }

  beforeAll(async () => {
    // a latency above the connect timeout is a TIMEOUT, without slowing the suite down much
    platform = await startClusterPlatform({ registryEnv: { REGISTRY_CONNECT_TIMEOUT_MS: '1500', REGISTRY_ALLOWED_EXEC_COMMANDS: plugin } });
    const tenant = await createTenant(platform.gateway.url, platform.admin.token!, { observer: platform.secrets.observer });
    orgAdmin = platform.admin.as(tenant.tokens.orgAdmin);
    sim = await platform.simCluster('k3s');
    const credential = { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: sim.token } };
    writeFileSync(plugin, `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(credential)}\nEOF\n`);
    chmodSync(plugin, 0o700);
  });

  afterAll(async () => {
    await platform?.stop();
    rmSync(pluginDir, { recursive: true, force: true });
  });

  describe('connection failures are recorded with a reason', () => {
    it('nothing listening: unreachable, CONNECTION_REFUSED at the tcp step, no detection', async () => {
      const server = `https://127.0.0.1:${await freePort()}`;

      const { created, read } = await registerAndRead({ name: uniqueName('refused'), credentials: { type: 'token', server, token: 'refused-cluster-token-0123456789' } });

      expect(created).toMatchObject({ status: 'unreachable', server, detection: null, lastTest: { ok: false, reason: 'CONNECTION_REFUSED' } });
      expect(stepsOf(created.lastTest)).toEqual([['dns', true], ['tcp', false]]);
      expect(read).toMatchObject({ status: 'unreachable', lastTest: created.lastTest });
    });

    it('a cluster that drops connections: unreachable, and ready again after a new test once it answers', async () => {
      const flaky = await platform.simCluster('eks');
      platform.kube.setUnreachable(flaky.name, true);

      const { created } = await registerAndRead(kubeconfigRegistration(flaky));
      const capacity = await orgAdmin.get(`/clusters/${created.id}/capacity`);
      platform.kube.setUnreachable(flaky.name, false);
      const retest = await orgAdmin.post(`/clusters/${created.id}/test`);
      const after = await orgAdmin.get(`/clusters/${created.id}`);

      expect(created).toMatchObject({ status: 'unreachable', lastTest: { ok: false } });
      expect(['CONNECTION_REFUSED', 'TLS_ERROR', 'UNEXPECTED_RESPONSE', 'TIMEOUT']).toContain(created.lastTest.reason);
      expect(capacity.status).toBe(502);
      expect(capacity.body.error).toMatchObject({ code: 'CLUSTER_UNREACHABLE', message: expect.any(String) });
      expect(retest.status).toBe(200);
      expect(retest.body).toMatchObject({ ok: true, reason: null });
      expect(after.body).toMatchObject({ status: 'ready', lastTest: { ok: true, testedAt: retest.body.testedAt } });
    });

    it('a CA bundle the server certificate does not chain to: unreachable, TLS_UNKNOWN_AUTHORITY at the tls step', async () => {
      const otherCa = await selfSigned('someone-elses-ca', new Date(Date.now() + 365 * DAY_MS), true);

      const { created, read } = await registerAndRead(tokenRegistration(sim, { credentials: { type: 'token', server: sim.server, token: sim.token, caBundle: otherCa.certPem } }));

      expect(created).toMatchObject({ status: 'unreachable', lastTest: { ok: false, reason: 'TLS_UNKNOWN_AUTHORITY' } });
      expect(stepsOf(created.lastTest)).toEqual([['dns', true], ['tcp', true], ['tls', false]]);
      expect(read.status).toBe('unreachable');
    });

    it('a token the cluster does not know: unauthorized, UNAUTHORIZED at the authentication step', async () => {
      const wrong = `wrong-${sim.token.split('').reverse().join('')}`;
      platform.secrets.watchFor('a wrong token', wrong);

      const { created, read } = await registerAndRead({ name: uniqueName('badtoken'), credentials: { type: 'token', server: sim.server, token: wrong, caBundle: sim.caPem } });

      expect(created).toMatchObject({ status: 'unauthorized', detection: null, lastTest: { ok: false, reason: 'UNAUTHORIZED' } });
      expect(stepsOf(created.lastTest)).toEqual([['dns', true], ['tcp', true], ['tls', true], ['authentication', false]]);
      expect(read.status).toBe('unauthorized');
    });

    it('a service account missing verbs Flotilla needs: forbidden, MISSING_PERMISSIONS naming them; ready once they are granted', async () => {
      const readOnly = [
        { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces', 'events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['metrics.k8s.io'], resources: ['*'], verbs: ['get', 'list'] },
      ];
      const account = uniqueName('flotilla-reader');
      const token = await serviceAccountToken(sim, account, readOnly);
      platform.secrets.watchFor('service account token', token);

      const { created, read } = await registerAndRead({ name: uniqueName('reader'), credentials: { type: 'token', server: sim.server, token, caBundle: sim.caPem } });
      const everything = { op: 'add', path: '/rules/-', value: { apiGroups: ['*'], resources: ['*'], verbs: ['*'] } };
      await sim.rbac.patchClusterRole({ name: account, body: [everything] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
      const retest = await orgAdmin.post(`/clusters/${created.id}/test`);

      expect(created).toMatchObject({ status: 'forbidden', lastTest: { ok: false, reason: 'MISSING_PERMISSIONS' } });
      expect(stepsOf(created.lastTest).at(-1)).toEqual(['permissions', false]);
      expect(created.lastTest.missingPermissions).toEqual(expect.arrayContaining(['create secrets', 'create apps/deployments', 'create namespaces']));
      expect(created.lastTest.missingPermissions).not.toContain('list nodes');
      expect(created.lastTest.message).toContain('create secrets');
      expect(read.status).toBe('forbidden');
      expect(retest.body).toMatchObject({ ok: true, missingPermissions: [] });
      expect((await orgAdmin.get(`/clusters/${created.id}`)).body.status).toBe('ready');
    });

    it('an API server slower than the connect timeout: unreachable, TIMEOUT', async () => {
      const slow = await platform.simCluster('gke');
      platform.kube.sim.registry.get(slow.name).faults.latencyMs = 4000;

      const { created } = await registerAndRead(kubeconfigRegistration(slow));

      expect(created).toMatchObject({ status: 'unreachable', lastTest: { ok: false, reason: 'TIMEOUT' } });
      platform.kube.sim.registry.get(slow.name).faults.latencyMs = 0;
    });

    it('replacing bad credentials with good ones makes the cluster ready, and keeps it ready when a replacement is refused', async () => {
      const { created } = await registerAndRead({ name: uniqueName('fixme'), credentials: { type: 'token', server: sim.server, token: 'not-the-right-token-0123456789', caBundle: sim.caPem } });

      const fixed = await orgAdmin.put(`/clusters/${created.id}/credentials`, { type: 'kubeconfig', kubeconfig: sim.kubeconfig });
      const refused = await orgAdmin.put(`/clusters/${created.id}/credentials`, { type: 'kubeconfig', kubeconfig: 'clusters: [' });
      const retest = await orgAdmin.post(`/clusters/${created.id}/test`);

      expect(created.status).toBe('unauthorized');
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({ status: 'ready', detection: { provider: 'k3s' }, credentials: { type: 'kubeconfig' } });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused)).toEqual(['credentials.kubeconfig']);
      expect(retest.body.ok).toBe(true);
    });
  });

  describe('what the stored credentials are, without the secrets', () => {
    it('a client certificate the cluster issued: ready, its expiry recorded and reported as soon to expire', async () => {
      const client = await platform.kube.sim.pki.issueClientCertificate({ user: 'flotilla-agent', groups: ['system:masters'], notAfter: new Date(Date.now() + 10 * DAY_MS) });
      platform.secrets.watchFor('client key', client.keyPem, ...client.keyPem.split('\n').slice(2, -2));
      const credentials = { type: 'client-certificate', server: sim.server, clientCertificate: client.certPem, clientKey: client.keyPem, caBundle: sim.caPem };

      const { created } = await registerAndRead({ name: uniqueName('cert'), credentials });

      expect(created).toMatchObject({ status: 'ready', detection: { provider: 'k3s' }, lastTest: { ok: true, reason: null } });
      expect(created.credentials).toMatchObject({ type: 'client-certificate', method: 'client-certificate', expiresSoon: true, hostRequirement: null });
      expect(Date.parse(created.credentials.expiresAt)).toBe(Math.floor(client.notAfter.getTime() / 1000) * 1000);
    });

    it('a client certificate of a user RBAC grants nothing: authenticated, then forbidden listing nodes (MISSING_PERMISSIONS)', async () => {
      const client = await platform.kube.sim.pki.issueClientCertificate({ user: uniqueName('nobody'), groups: ['dev'] });
      platform.secrets.watchFor('client key of nobody', client.keyPem, ...client.keyPem.split('\n').slice(2, -2));
      const credentials = { type: 'client-certificate', server: sim.server, clientCertificate: client.certPem, clientKey: client.keyPem, caBundle: sim.caPem };

      const { created } = await registerAndRead({ name: uniqueName('cert-rbac'), credentials });

      expect(created).toMatchObject({ status: 'forbidden', lastTest: { ok: false, reason: 'MISSING_PERMISSIONS' } });
      expect(stepsOf(created.lastTest)).toEqual([['dns', true], ['tcp', true], ['tls', true], ['authentication', true], ['version', true], ['nodes', false]]);
    });

    it('a client certificate of a CA the cluster does not trust: unauthorized, UNAUTHORIZED at the authentication step', async () => {
      const client = await selfSigned('flotilla-agent', new Date(Date.now() + 10 * DAY_MS));
      platform.secrets.watchFor('untrusted client key', client.keyPem, client.keyPem.split('\n').slice(1, -2).join(''));
      const credentials = { type: 'client-certificate', server: sim.server, clientCertificate: client.certPem, clientKey: client.keyPem, caBundle: sim.caPem };

      const { created } = await registerAndRead({ name: uniqueName('cert-foreign'), credentials });

      expect(created).toMatchObject({ status: 'unauthorized', detection: null, lastTest: { ok: false, reason: 'UNAUTHORIZED' } });
      expect(stepsOf(created.lastTest)).toEqual([['dns', true], ['tcp', true], ['tls', true], ['authentication', false]]);
      expect(created.credentials).toMatchObject({ type: 'client-certificate', method: 'client-certificate' });
    });

    it("a JWT bearer token: its exp is the credentials' expiry", async () => {
      const expiresAt = new Date(Math.floor(Date.now() / 1000 + 90 * 24 * 3600) * 1000);
      const token = jwtExpiringAt(expiresAt);
      platform.secrets.watchFor('JWT', token);

      const { created } = await registerAndRead({ name: uniqueName('jwt'), credentials: { type: 'token', server: sim.server, token, caBundle: sim.caPem } });

      expect(created.credentials).toMatchObject({ type: 'token', method: 'token', expiresAt: expiresAt.toISOString(), expiresSoon: false });
    });
  });

  describe('credentials Flotilla refuses to use', () => {
    // the k3s kubeconfig holds a client certificate: its user becomes an exec plugin instead
    const execKubeconfig = (sim: SimClusterHandle, command: string) => {
      const kubeconfig = parse(sim.kubeconfig);
      kubeconfig.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command, args: ['eks', 'get-token', '--cluster-name', 'prod'] } };
      return stringify(kubeconfig);
    };

    it('an exec plugin this installation does not allow: 422 saying what the host would need, and nothing registered', async () => {
      const name = uniqueName('exec');

      const answer = await orgAdmin.post('/clusters', { name, credentials: { type: 'kubeconfig', kubeconfig: execKubeconfig(sim, 'aws') } });
      const listed = await orgAdmin.get('/clusters?limit=200');

      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 'AUTH_PLUGIN_NOT_ALLOWED', details: { hostRequirement: 'aws' } });
      expect(answer.body.error.message).toContain('"aws"');
      expect(listed.body.items.map((c: Json) => c.name)).not.toContain(name);
    });

    it('an exec plugin it allows: runs it, connects, and says what the host needs', async () => {
      const { created } = await registerAndRead({ name: uniqueName('exec-ok'), credentials: { type: 'kubeconfig', kubeconfig: execKubeconfig(sim, plugin) } });

      expect(created).toMatchObject({ status: 'ready', detection: { provider: 'k3s' } });
      expect(created.credentials).toMatchObject({ type: 'kubeconfig', method: 'exec', hostRequirement: plugin });
    });
  });

  describe('bad input is a 4xx naming the problem', () => {
    const register = (body: Record<string, unknown>) => orgAdmin.post('/clusters', { name: uniqueName('bad'), ...body });
    const kubeconfig = (text: string, context?: string) => register({ credentials: { type: 'kubeconfig', kubeconfig: text, ...(context ? { context } : {}) } });

    it('a kubeconfig that is not YAML, or has no clusters: 400 naming credentials.kubeconfig', async () => {
      const answers = await Promise.all([kubeconfig('apiVersion: v1\nclusters: [\n  - {name: x'), kubeconfig('apiVersion: v1\nkind: Config\nclusters: []\n')]);

      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(fieldsOf(answer)).toEqual(['credentials.kubeconfig']);
      }
      expect(answers[1]!.body.error.message).toContain('no clusters');
    });

    it('an unknown context: 400 naming credentials.context and listing the contexts there are', async () => {
      const answer = await kubeconfig(sim.kubeconfig, 'production');

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(['credentials.context']);
      expect(answer.body.error.message).toContain('"production"');
      expect(answer.body.error.message).toContain(`kube-sim-${sim.name}`);
    });

    it('a kubeconfig pointing at files on the user’s machine: 400 saying to embed them', async () => {
      const withFile = sim.kubeconfig.replace(/certificate-authority-data: \S+/, 'certificate-authority: /home/me/.minikube/ca.crt');

      const answer = await kubeconfig(withFile);

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(['credentials.kubeconfig']);
      expect(answer.body.error.message).toMatch(/certificate-authority.*file/);
    });

    it('a kubeconfig larger than the body limit: 413 in the standard error shape, nothing registered', async () => {
      const name = uniqueName('huge');
      const padding = `# ${'x'.repeat(1000)}\n`.repeat(1100);

      const answer = await orgAdmin.post('/clusters', { name, credentials: { type: 'kubeconfig', kubeconfig: `${sim.kubeconfig}${padding}` } });
      const listed = await orgAdmin.get('/clusters?limit=200');

      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
      expect(listed.body.items.map((c: Json) => c.name)).not.toContain(name);
    });

    it('a kubeconfig under the body limit but over the credential limit: 400 naming credentials.kubeconfig', async () => {
      const answer = await kubeconfig(`${sim.kubeconfig}# ${'y'.repeat(300 * 1024)}\n`);

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(['credentials.kubeconfig']);
    });

    it.each([['Prod_EU'], ['-edge'], ['a'.repeat(64)], ['']])('the name %j: 400 naming name', async (name) => {
      const answer = await orgAdmin.post('/clusters', kubeconfigRegistration(sim, { name }));

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(['name']);
    });

    it('missing or incomplete credentials: 400 naming each field', async () => {
      const none = await register({});
      const noServer = await register({ credentials: { type: 'token', token: sim.token } });
      const plainHttp = await register({ credentials: { type: 'token', server: 'http://127.0.0.1:6443', token: sim.token } });
      const notPem = await register({ credentials: { type: 'token', server: sim.server, token: sim.token, caBundle: 'not a certificate' } });
      const unknownType = await register({ credentials: { type: 'password', server: sim.server } });

      expect([none.status, fieldsOf(none)]).toEqual([400, ['credentials']]);
      expect([noServer.status, fieldsOf(noServer)]).toEqual([400, ['credentials.server']]);
      expect([plainHttp.status, fieldsOf(plainHttp)]).toEqual([400, ['credentials.server']]);
      expect([notPem.status, fieldsOf(notPem)]).toEqual([400, ['credentials.caBundle']]);
      expect(unknownType.status).toBe(400);
      expect(fieldsOf(unknownType)).toContain('credentials.type');
    });

    it('a field that is not part of the API: 400 naming it', async () => {
      const answer = await orgAdmin.post('/clusters', kubeconfigRegistration(sim, { provider: 'eks' }));

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(['provider']);
    });
  });

  it('never puts a credential in an answer or a log line', () => {
    expect(platform.secrets.leaks()).toEqual([]);
    expect(platform.secrets.seen.outputChars).toBeGreaterThan(10_000);
  });
});
