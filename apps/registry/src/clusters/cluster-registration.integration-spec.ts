import { stringify } from 'yaml';
import {
  ClusterStatus, ConnectionFailureReason, CredentialType, REGISTRY_EVENTS, REGISTRY_SUBJECTS,
  type ClusterDto, type ConnectionTestDto, type DetectionDto,
} from '@flotilla/contracts';
import { freePort } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { type SimCluster, type TestKubeSim } from './testing/kube-sim';
import { otherCa } from './testing/other-ca';
import { platformAdmin, RegistryClient, tenant, type Tenant } from './testing/registry-harness';
import { startRegistryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

/** Registering clusters over NATS, against kube-sim and a real registry service and database. */
describe('cluster registration', () => {
  let kube: TestKubeSim;
  let rig: RegistryUnderTest;
  let sut: RegistryClient;
  let org: Tenant;
  const admin = platformAdmin();

  const register = (body: Record<string, unknown>, as = org.orgAdmin) => sut.as<ClusterDto>(as, REGISTRY_SUBJECTS.create, body);
  const byKubeconfig = (cluster: SimCluster, extra: Record<string, unknown> = {}) =>
    register({ name: cluster.name, credentials: { type: CredentialType.Kubeconfig, kubeconfig: kube.kubeconfig(cluster) }, ...extra });
  const byToken = (cluster: SimCluster, token = cluster.token, caBundle = kube.caBundle) =>
    register({ name: cluster.name, credentials: { type: CredentialType.Token, server: cluster.server, token, caBundle } });

  beforeAll(async () => {
    rig = await startRegistryUnderTest({ REGISTRY_CONNECT_TIMEOUT_MS: '2000' });
    ({ kube, sut } = rig);
  });

  afterAll(() => rig?.close());

  beforeEach(() => {
    org = tenant();
  });

  describe('a reachable cluster', () => {
    it('registers from a kubeconfig: ready, every step passed, provider detected, credentials summarised without secrets', async () => {
      const cluster = await kube.cluster('vanilla');
      const dto = await byKubeconfig(cluster, { labels: { env: 'prod' }, region: 'eu-central-1', declaredCapacity: { cpu: '6', memory: '24Gi' } });
      expect(dto).toMatchObject({
        name: cluster.name, displayName: cluster.name, orgId: org.orgId, status: ClusterStatus.Ready, server: cluster.server,
        labels: { env: 'prod' }, region: 'eu-central-1', declaredCapacity: { cpu: '6', memory: '24Gi' }, manageable: true,
        credentials: { type: CredentialType.Kubeconfig, method: 'token', expiresAt: null, expiresSoon: false, hostRequirement: null },
      });
      expect(dto.lastTest).toMatchObject({ ok: true, reason: null });
      expect(dto.lastTest!.steps.map((step) => [step.step, step.ok])).toEqual(
        ['dns', 'tcp', 'tls', 'authentication', 'version', 'nodes', 'permissions'].map((step) => [step, true]),
      );
      expect(dto.detection).toMatchObject({ provider: 'vanilla', gitVersion: cluster.flavour.gitVersion });
      expect(JSON.stringify(dto)).not.toContain(cluster.token);
    });

    it('registers from server URL, bearer token and CA bundle, and detects the flavour', async () => {
      const cluster = await kube.cluster('eks');
      const dto = await byToken(cluster);
      expect(dto).toMatchObject({ status: ClusterStatus.Ready, credentials: { type: CredentialType.Token, method: 'token' } });
      expect(dto.detection!.provider).toBe('eks');
      expect(dto.detection!.evidence.length).toBeGreaterThan(0);
    });

    it('announces cluster.registered through the outbox, without credentials', async () => {
      const cluster = await kube.cluster('k3s');
      const dto = await byKubeconfig(cluster);
      const [first] = await sut.events(dto.id, 1);
      expect(first.subject).toBe(REGISTRY_EVENTS.registered);
      expect(first.event).toMatchObject({ clusterId: dto.id, name: cluster.name, orgId: org.orgId, status: ClusterStatus.Ready, provider: 'k3s', actorId: org.orgAdmin.userId });
      expect(JSON.stringify(first.event)).not.toContain(cluster.token);
      // a k3s kubeconfig authenticates by client certificate: its key is the secret
      const clientKey = /client-key-data: (\S+)/.exec(kube.kubeconfig(cluster))?.[1] ?? '';
      expect(clientKey).not.toBe('');
      expect(JSON.stringify(first.event)).not.toContain(clientKey);
      expect(JSON.stringify(first.event)).not.toContain(Buffer.from(clientKey, 'base64').toString().split('\n')[2]);
    });

    it('keeps the credentials encrypted: the database row holds neither the token nor the kubeconfig', async () => {
      const cluster = await kube.cluster();
      const dto = await byKubeconfig(cluster);
      const rows = await query<Record<string, unknown>>(rig.databaseUrl, 'SELECT * FROM registry.cluster_credentials WHERE cluster_id = $1', [dto.id]);
      expect(rows).toHaveLength(1);
      const dump = JSON.stringify(rows, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value));
      expect(dump).not.toContain(cluster.token);
      expect(dump).not.toContain(Buffer.from(cluster.token).toString('base64'));
    });
  });

  describe('a cluster that cannot be used yet is still registered, with the reason', () => {
    it('nothing listening: unreachable, CONNECTION_REFUSED', async () => {
      const port = await freePort();
      const dto = await register({ name: 'refused', credentials: { type: CredentialType.Token, server: `https://127.0.0.1:${port}`, token: 'abc' } });
      expect(dto).toMatchObject({ status: ClusterStatus.Unreachable, lastTest: { ok: false, reason: ConnectionFailureReason.ConnectionRefused }, detection: null });
      const again = await sut.as<ClusterDto>(org.viewer, REGISTRY_SUBJECTS.get, { clusterId: dto.id });
      expect(again.status).toBe(ClusterStatus.Unreachable);
    });

    it('a CA the server does not chain to: unreachable, TLS_UNKNOWN_AUTHORITY', async () => {
      const cluster = await kube.cluster();
      const dto = await byToken(cluster, cluster.token, await otherCa());
      expect(dto).toMatchObject({ status: ClusterStatus.Unreachable, lastTest: { reason: ConnectionFailureReason.TlsUnknownAuthority } });
    });

    it('a token the cluster refuses: unauthorized, UNAUTHORIZED', async () => {
      const cluster = await kube.cluster();
      const dto = await byToken(cluster, 'not-the-token');
      expect(dto).toMatchObject({ status: ClusterStatus.Unauthorized, lastTest: { ok: false, reason: ConnectionFailureReason.Unauthorized } });
      const authentication = dto.lastTest!.steps.find((step) => step.step === 'authentication')!;
      expect(authentication).toMatchObject({ ok: false, reason: ConnectionFailureReason.Unauthorized });
    });
  });

  describe('bad input is a 4xx naming the field', () => {
    const credentials = (kubeconfig: string, context?: string) => ({ type: CredentialType.Kubeconfig, kubeconfig, ...(context ? { context } : {}) });
    const fieldsOf = (failure: { details?: Record<string, unknown> }) => (failure.details!.fields as Array<{ field: string }>).map((f) => f.field);

    it('malformed kubeconfig, unknown context', async () => {
      const malformed = await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'bad', credentials: credentials('clusters: [unclosed') });
      expect(malformed.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(malformed)).toEqual(['credentials.kubeconfig']);
      const cluster = await kube.cluster();
      const unknown = await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'ctx', credentials: credentials(kube.kubeconfig(cluster), 'nope') });
      expect(fieldsOf(unknown)).toEqual(['credentials.context']);
      expect(unknown.message).toContain(`kube-sim-${cluster.name}`);
    });

    it('names, labels and declared capacity', async () => {
      const cluster = await kube.cluster();
      const body = { name: 'ok-name', credentials: credentials(kube.kubeconfig(cluster)) };
      expect(fieldsOf(await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { ...body, name: 'Prod_EU' }))).toEqual(['name']);
      expect(fieldsOf(await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { ...body, labels: { 'team/-x': 'a' } }))).toEqual(['labels.team/-x']);
      expect(fieldsOf(await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { ...body, labels: { env: 'has space' } }))).toEqual(['labels.env']);
      expect(fieldsOf(await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { ...body, declaredCapacity: { cpu: 'lots' } }))).toEqual(['declaredCapacity.cpu']);
      expect(fieldsOf(await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { ...body, declaredCapacity: { 'nvidia.com/gpu': '0.5' } }))).toEqual([
        'declaredCapacity.nvidia.com/gpu',
      ]);
    });

    it('an exec plugin this host does not allow: 422 AUTH_PLUGIN_NOT_ALLOWED saying what the host needs', async () => {
      const kubeconfig = stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'eks',
        clusters: [{ name: 'eks', cluster: { server: 'https://ABC.gr7.eu-central-1.eks.amazonaws.com' } }],
        users: [{ name: 'eks', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod'] } } }],
        contexts: [{ name: 'eks', context: { cluster: 'eks', user: 'eks' } }],
      });
      const failure = await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'eks-prod', credentials: credentials(kubeconfig) });
      expect(failure.code).toBe('AUTH_PLUGIN_NOT_ALLOWED');
      expect(failure.details).toMatchObject({ hostRequirement: 'aws', fields: [{ field: 'credentials' }] });
      expect(failure.message).toContain('REGISTRY_ALLOWED_EXEC_COMMANDS');
    });

    it('a name taken in the same organization is a CONFLICT naming name; another organization may use it', async () => {
      const cluster = await kube.cluster();
      await byKubeconfig(cluster);
      const conflict = await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: cluster.name, credentials: credentials(kube.kubeconfig(cluster)) });
      expect(conflict.code).toBe('CONFLICT');
      expect(fieldsOf(conflict)).toEqual(['name']);
      const other = tenant();
      const elsewhere = await register({ name: cluster.name, credentials: credentials(kube.kubeconfig(cluster)) }, other.orgAdmin);
      expect(elsewhere).toMatchObject({ name: cluster.name, orgId: other.orgId });
    });
  });

  describe('on demand', () => {
    it('test records each step and the new status; cluster.updated when the status changed', async () => {
      const cluster = await kube.cluster('gke');
      cluster.faults.unreachable = true;
      const dto = await byKubeconfig(cluster);
      expect(dto.status).toBe(ClusterStatus.Unreachable);
      cluster.faults.unreachable = false;
      const test = await sut.as<ConnectionTestDto>(org.member, REGISTRY_SUBJECTS.test, { clusterId: dto.id });
      expect(test).toMatchObject({ ok: true, reason: null });
      const after = await sut.as<ClusterDto>(org.viewer, REGISTRY_SUBJECTS.get, { clusterId: dto.id });
      expect(after).toMatchObject({ status: ClusterStatus.Ready, lastTest: { ok: true, testedAt: test.testedAt }, detection: { provider: 'gke' } });
      const events = await sut.events(dto.id, 2);
      expect(events.map((e) => [e.subject, e.event.status])).toEqual([
        [REGISTRY_EVENTS.registered, ClusterStatus.Unreachable],
        [REGISTRY_EVENTS.updated, ClusterStatus.Ready],
      ]);
      await sut.as(org.member, REGISTRY_SUBJECTS.test, { clusterId: dto.id });
      expect(await sut.events(dto.id, 3, 1_000)).toHaveLength(2);
    });

    it('test detects again when the cluster answers another version than the one recorded (an upgrade)', async () => {
      const cluster = await kube.cluster('eks');
      const dto = await byKubeconfig(cluster);
      // as if the cluster had been upgraded since it was last detected
      await query(rig.databaseUrl, "UPDATE registry.clusters SET git_version = 'v1.28.0-eks-0000000', detection = jsonb_set(detection, '{gitVersion}', '\"v1.28.0-eks-0000000\"') WHERE id = $1", [dto.id]);
      await sut.as(org.member, REGISTRY_SUBJECTS.test, { clusterId: dto.id });
      const after = await sut.as<ClusterDto>(org.viewer, REGISTRY_SUBJECTS.get, { clusterId: dto.id });
      expect(after.detection).toMatchObject({ provider: 'eks', gitVersion: cluster.flavour.gitVersion });
      expect(new Date(after.detection!.detectedAt).getTime()).toBeGreaterThan(new Date(dto.detection!.detectedAt).getTime());
      const events = await sut.events(dto.id, 2);
      expect(events.map((e) => [e.subject, e.event.gitVersion])).toEqual([
        [REGISTRY_EVENTS.registered, cluster.flavour.gitVersion],
        [REGISTRY_EVENTS.updated, cluster.flavour.gitVersion],
      ]);
    });

    it('detect keeps the evidence; an unreachable cluster is CLUSTER_UNREACHABLE', async () => {
      const cluster = await kube.cluster('aks');
      const dto = await byKubeconfig(cluster);
      const detection = await sut.as<DetectionDto>(org.member, REGISTRY_SUBJECTS.detect, { clusterId: dto.id });
      expect(detection.provider).toBe('aks');
      expect(detection.evidence.some((e) => e.provider === 'aks')).toBe(true);
      cluster.faults.unreachable = true;
      const failure = await sut.failure(org.member, REGISTRY_SUBJECTS.detect, { clusterId: dto.id });
      expect(failure.code).toBe('CLUSTER_UNREACHABLE');
    });

    it('replacing credentials re-tests with them and announces cluster.credentials-rotated', async () => {
      const cluster = await kube.cluster();
      const dto = await byKubeconfig(cluster);
      const bad = await sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.replaceCredentials, {
        clusterId: dto.id, type: CredentialType.Token, server: cluster.server, token: 'revoked', caBundle: kube.caBundle,
      });
      expect(bad).toMatchObject({ status: ClusterStatus.Unauthorized, credentials: { type: CredentialType.Token } });
      const good = await sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.replaceCredentials, {
        clusterId: dto.id, type: CredentialType.Kubeconfig, kubeconfig: kube.kubeconfig(cluster),
      });
      expect(good.status).toBe(ClusterStatus.Ready);
      const events = await sut.events(dto.id, 3);
      expect(events.map((e) => [e.subject, e.event.status])).toEqual([
        [REGISTRY_EVENTS.registered, ClusterStatus.Ready],
        [REGISTRY_EVENTS.credentialsRotated, ClusterStatus.Unauthorized],
        [REGISTRY_EVENTS.credentialsRotated, ClusterStatus.Ready],
      ]);
    });

    it('delete removes the cluster and its credentials and announces cluster.deleted', async () => {
      const cluster = await kube.cluster();
      const dto = await byKubeconfig(cluster);
      await expect(sut.as(org.orgAdmin, REGISTRY_SUBJECTS.delete, { clusterId: dto.id })).resolves.toEqual({ deleted: true });
      expect((await sut.failure(org.orgAdmin, REGISTRY_SUBJECTS.get, { clusterId: dto.id })).code).toBe('NOT_FOUND');
      expect(await query(rig.databaseUrl, 'SELECT 1 FROM registry.cluster_credentials WHERE cluster_id = $1', [dto.id])).toEqual([]);
      const events = await sut.events(dto.id, 2);
      expect(events.map((e) => e.subject)).toEqual([REGISTRY_EVENTS.registered, REGISTRY_EVENTS.deleted]);
      expect(events[1].event.actorId).toBe(org.orgAdmin.userId);
    });
  });

  it('platform admins register platform clusters (no owner) and share them', async () => {
    const cluster = await kube.cluster();
    const dto = await register({ name: cluster.name, sharing: { all: true }, credentials: { type: CredentialType.Kubeconfig, kubeconfig: kube.kubeconfig(cluster) } }, admin);
    expect(dto).toMatchObject({ orgId: null, sharing: { all: true, orgIds: [] } });
    const seen = await sut.as<ClusterDto>(org.viewer, REGISTRY_SUBJECTS.get, { clusterId: dto.id });
    expect(seen).toMatchObject({ manageable: false, credentials: null });
  });
});
