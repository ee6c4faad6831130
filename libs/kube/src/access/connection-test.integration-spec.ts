import { createServer } from 'node:net';
import { CoreV1Api, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node';
import { ConnectionFailureReason, ConnectionStep, type ConnectionTestDto } from '@flotilla/contracts';
import type { ClusterAccess } from './cluster-access';
import { testConnection } from './connection-test';
import { kubeConfigForAccess } from './kube-config.factory';
import { FLOTILLA_REQUIRED_PERMISSIONS, permissionName } from './required-permissions';
import { createTestCa, issueClientCertificate } from './testing/certificates.factory';
import { startSimHarness, type SimHarness } from './testing/kube-sim.harness';

const stepsOf = (result: ConnectionTestDto) => result.steps.map((s) => [s.step, s.ok]);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A service account token of the cluster bound to a ClusterRole with `rules`, as an admin would hand one out. */
async function serviceAccountAccess(admin: ClusterAccess, name: string, rules: V1PolicyRule[]): Promise<ClusterAccess> {
  const kubeConfig = kubeConfigForAccess(admin);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name } } });
  await rbac.createClusterRole({ body: { metadata: { name }, rules } });
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name };
  await rbac.createClusterRoleBinding({ body: { metadata: { name }, roleRef, subjects: [{ kind: 'ServiceAccount', name, namespace: 'default' }] } });
  const request = await core.createNamespacedServiceAccountToken({ namespace: 'default', name, body: { spec: {} } });
  return { server: admin.server, caData: admin.caData, token: request.status?.token };
}

describe(testConnection.name, () => {
  let harness: SimHarness;

  beforeAll(async () => {
    harness = await startSimHarness();
  });
  afterAll(() => harness?.close());

  it('passes every step against a reachable cluster with admin credentials', async () => {
    const cluster = await harness.cluster('vanilla');
    const result = await testConnection(harness.accessOf(cluster), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, reason: null, missingPermissions: [], message: 'connected: v1.31.4, 3 nodes, all required verbs granted' });
    expect(stepsOf(result)).toEqual(Object.values(ConnectionStep).map((step) => [step, true]));
    expect(result.steps.map((s) => s.detail)).toEqual([
      '127.0.0.1 is an IP address: nothing to resolve',
      expect.stringMatching(/^connected to 127\.0\.0\.1:\d+$/),
      'certificate of kube-sim verified against the given CA',
      'authenticated as kube-sim:admin',
      'v1.31.4',
      '3 nodes',
      `all ${FLOTILLA_REQUIRED_PERMISSIONS.length} required verbs granted`,
    ]);
    expect(result.steps.every((s) => s.latencyMs >= 0)).toBe(true);
  });

  it('says CONNECTION_REFUSED for a port nothing listens on, and stops there', async () => {
    const result = await testConnection({ server: `https://127.0.0.1:${await closedPort()}`, token: 't' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.ConnectionRefused });
    expect(stepsOf(result)).toEqual([[ConnectionStep.Dns, true], [ConnectionStep.Tcp, false]]);
    expect(result.message).toMatch(/^tcp failed: ECONNREFUSED/);
  });

  it('says DNS_NOT_FOUND for a host name that does not resolve', async () => {
    const result = await testConnection({ server: 'https://api.no-such-cluster.invalid:6443', token: 't' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.DnsNotFound });
    expect(stepsOf(result)).toEqual([[ConnectionStep.Dns, false]]);
  });

  it('reports a server that is not a URL as a failed first step instead of throwing', async () => {
    const result = await testConnection({ server: 'not a url', token: 't' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.UnexpectedResponse });
    expect(stepsOf(result)).toEqual([[ConnectionStep.Dns, false]]);
  });

  it('says TLS_UNKNOWN_AUTHORITY when the certificate does not chain to the given CA', async () => {
    const cluster = await harness.cluster('vanilla');
    const otherCa = await createTestCa('someone-else');
    const result = await testConnection({ ...harness.accessOf(cluster), caData: Buffer.from(otherCa.certPem).toString('base64') }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.TlsUnknownAuthority });
    expect(stepsOf(result)).toEqual([[ConnectionStep.Dns, true], [ConnectionStep.Tcp, true], [ConnectionStep.Tls, false]]);
  });

  it('says TLS_ERROR when the certificate does not name the server', async () => {
    const cluster = await harness.cluster('vanilla');
    const result = await testConnection({ ...harness.accessOf(cluster), tlsServerName: 'api.elsewhere.example.com' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.TlsError });
    expect(result.steps.at(-1)?.step).toBe(ConnectionStep.Tls);
  });

  it('says UNAUTHORIZED for a token the cluster does not know', async () => {
    const cluster = await harness.cluster('vanilla');
    const result = await testConnection({ ...harness.accessOf(cluster), token: 'not-the-token' }, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.Unauthorized, message: 'authentication failed: the API server refused the credentials (401 Unauthorized)' });
    expect(result.steps.at(-1)?.step).toBe(ConnectionStep.Authentication);
  });

  it("passes every step with a client certificate in system:masters that the cluster's CA issued (a kind kubeconfig's)", async () => {
    const cluster = await harness.cluster('kind');
    const client = await harness.sim.pki.issueClientCertificate({ user: 'kubernetes-admin', groups: ['system:masters'] });
    const access = { server: cluster.server, caData: harness.caData, clientCertificateData: Buffer.from(client.certPem).toString('base64'), clientKeyData: Buffer.from(client.keyPem).toString('base64') };
    const result = await testConnection(access, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, reason: null, missingPermissions: [] });
    expect(result.steps.find((s) => s.step === ConnectionStep.Authentication)?.detail).toBe('authenticated as kubernetes-admin');
  });

  it('says UNAUTHORIZED for a client certificate of system:masters from a CA the cluster does not trust', async () => {
    const cluster = await harness.cluster('kind');
    const client = await issueClientCertificate(await createTestCa('someone-else'), new Date(Date.now() + 86_400_000), 'kubernetes-admin');
    const access = { server: cluster.server, caData: harness.caData, clientCertificateData: Buffer.from(client.certPem).toString('base64'), clientKeyData: Buffer.from(client.keyPem).toString('base64') };
    const result = await testConnection(access, { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.Unauthorized });
    expect(result.steps.at(-1)?.step).toBe(ConnectionStep.Authentication);
  });

  it('says MISSING_PERMISSIONS and lists the verbs a service account token lacks', async () => {
    const cluster = await harness.cluster('vanilla');
    const readOnly: V1PolicyRule[] = [
      { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces', 'events'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces', 'pods', 'services', 'configmaps', 'resourcequotas'], verbs: ['create', 'delete'] },
      { apiGroups: ['metrics.k8s.io'], resources: ['*'], verbs: ['get', 'list'] },
    ];
    const result = await testConnection(await serviceAccountAccess(harness.accessOf(cluster), 'flotilla-limited', readOnly), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.MissingPermissions });
    expect(result.missingPermissions).toEqual(['create secrets', 'delete secrets', 'create apps/deployments', 'delete apps/deployments', 'patch apps/deployments']);
    expect(stepsOf(result)).toEqual([...Object.values(ConnectionStep).slice(0, -1).map((step) => [step, true]), [ConnectionStep.Permissions, false]]);
    expect(result.steps.find((s) => s.step === ConnectionStep.Authentication)?.detail).toBe('authenticated as system:serviceaccount:default:flotilla-limited');
    expect(result.message).toBe(`permissions failed: 5 of ${FLOTILLA_REQUIRED_PERMISSIONS.length} required verbs are not granted: ${result.missingPermissions.join(', ')}`);
  });

  it('says MISSING_PERMISSIONS at the nodes step for a token that may not list nodes', async () => {
    const cluster = await harness.cluster('vanilla');
    const result = await testConnection(await serviceAccountAccess(harness.accessOf(cluster), 'flotilla-blind', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.MissingPermissions, missingPermissions: [] });
    expect(result.steps.at(-1)).toMatchObject({ step: ConnectionStep.Nodes, ok: false });
    expect(result.message).toContain('nodes is forbidden: User "system:serviceaccount:default:flotilla-blind" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('passes every step for a service account granted every required verb', async () => {
    const cluster = await harness.cluster('vanilla');
    const rules = FLOTILLA_REQUIRED_PERMISSIONS.map((p) => ({ apiGroups: [p.group], resources: [p.resource], verbs: [p.verb] }));
    const result = await testConnection(await serviceAccountAccess(harness.accessOf(cluster), 'flotilla-agent', rules), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, missingPermissions: [] });
    expect(FLOTILLA_REQUIRED_PERMISSIONS.map(permissionName)).toContain('watch nodes');
  });

  it('says TIMEOUT when the API server answers later than the timeout', async () => {
    const cluster = await harness.cluster('vanilla');
    expect(await harness.control('POST', `/clusters/${cluster.name}/faults`, { latencyMs: 10_000 })).toBe(200);
    try {
      const result = await testConnection(harness.accessOf(cluster), { timeoutMs: 1000 });
      expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.Timeout });
      expect(stepsOf(result)).toEqual([[ConnectionStep.Dns, true], [ConnectionStep.Tcp, true], [ConnectionStep.Tls, true], [ConnectionStep.Authentication, false]]);
      expect(result.message).toBe('authentication failed: POST /apis/authentication.k8s.io/v1/selfsubjectreviews took longer than 1000 ms');
    } finally {
      await harness.control('DELETE', `/clusters/${cluster.name}/faults`);
    }
  });

  it('says AUTH_PLUGIN_NOT_ALLOWED for an exec plugin the host does not allow, without running it', async () => {
    const cluster = await harness.cluster('vanilla');
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] };
    const result = await testConnection({ server: cluster.server, caData: harness.caData, exec }, { timeoutMs: 5000, allowedExecCommands: ['kubelogin'] });
    expect(result).toMatchObject({ ok: false, reason: ConnectionFailureReason.AuthPluginNotAllowed, message: 'authentication failed: the credentials need exec plugin "aws", which this host does not allow' });
  });
});
