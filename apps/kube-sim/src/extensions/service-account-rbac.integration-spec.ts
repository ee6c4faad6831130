// Service account tokens against the whole simulator: they authenticate until they expire or their
// account goes, and RBAC decides what they may do, as kube-apiserver does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api, VersionApi } from '@kubernetes/client-node';
import { kubeConfigForAccess } from '@flotilla/kube';
import { KubeSimConfig } from '../kube-sim.config';
import { startKubeSim, type KubeSim } from '../kube-sim.server';

describe('service account tokens under RBAC', () => {
  let sim: KubeSim;
  let now = new Date('2026-03-01T10:00:00Z');
  let admin: ReturnType<typeof kubeConfigForAccess>;
  let caData: string;
  let server: string;

  async function tokenFor(namespace: string, name: string, expirationSeconds = 3600): Promise<string> {
    const core = admin.makeApiClient(CoreV1Api);
    const request = await core.createNamespacedServiceAccountToken({ namespace, name, body: { spec: { expirationSeconds } } });
    return request.status?.token ?? '';
  }

  const as = (token: string) => kubeConfigForAccess({ server, caData, token });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-rbac-'));
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1' }), { clock: () => now });
    const cluster = sim.registry.get('default');
    server = cluster.server;
    caData = Buffer.from(sim.pki.caCertPem).toString('base64');
    admin = kubeConfigForAccess({ server, caData, token: cluster.token });
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespace({ body: { metadata: { name: 'team' } } });
    await core.createNamespacedServiceAccount({ namespace: 'team', body: { metadata: { name: 'reader' } } });
    await rbac.createNamespacedRole({ namespace: 'team', body: { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }] } });
    await rbac.createNamespacedRoleBinding({
      namespace: 'team',
      body: { metadata: { name: 'reader-reads-pods' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'team' }] },
    });
    await rbac.createClusterRole({ body: { metadata: { name: 'node-viewer' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] } });
    await rbac.createClusterRoleBinding({
      body: { metadata: { name: 'team-sees-nodes' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-viewer' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:team' }] },
    });
  });
  afterAll(() => sim?.close());

  it('lets the token do what its roles grant, and discovery and /version', async () => {
    const reader = as(await tokenFor('team', 'reader'));
    expect((await reader.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'team' })).items).toEqual([]);
    expect((await reader.makeApiClient(CoreV1Api).listNode()).items.length).toBe(3);
    expect((await reader.makeApiClient(VersionApi).getCode()).gitVersion).toBe('v1.31.4');
  });

  it('refuses the rest with 403 in kube-apiserver words', async () => {
    const core = as(await tokenFor('team', 'reader')).makeApiClient(CoreV1Api);
    await expect(core.listNamespacedPod({ namespace: 'default' })).rejects.toMatchObject({ code: 403 });
    await expect(core.createNamespacedConfigMap({ namespace: 'team', body: { metadata: { name: 'x' } } })).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining('configmaps is forbidden: User \\"system:serviceaccount:team:reader\\" cannot create resource \\"configmaps\\" in API group \\"\\" in the namespace \\"team\\"'),
    });
    await expect(core.deleteNode({ name: 'default-node-1' })).rejects.toMatchObject({ code: 403, body: expect.stringContaining('at the cluster scope') });
  });

  it('answers self reviews for the token holder', async () => {
    const reader = as(await tokenFor('team', 'reader'));
    const authz = reader.makeApiClient(AuthorizationV1Api);
    const review = (verb: string, resource: string, namespace?: string) => authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, resource, namespace } } } });
    expect((await review('list', 'pods', 'team')).status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "reader-reads-pods" of Role "pod-reader"' });
    expect((await review('delete', 'pods', 'team')).status?.allowed).toBe(false);
    expect((await review('list', 'nodes')).status?.allowed).toBe(true);
    const rules = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'team' } } });
    expect(rules.status?.resourceRules).toContainEqual({ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] });
    const self = await reader.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(self.status?.userInfo).toMatchObject({ username: 'system:serviceaccount:team:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] });
  });

  it('stops authenticating a token once it expires or its account is deleted', async () => {
    const shortLived = await tokenFor('team', 'reader', 600);
    now = new Date(now.getTime() + 601_000);
    await expect(as(shortLived).makeApiClient(VersionApi).getCode()).rejects.toMatchObject({ code: 401 });
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: 'team', body: { metadata: { name: 'temp' } } });
    const token = await tokenFor('team', 'temp');
    await as(token).makeApiClient(VersionApi).getCode();
    await core.deleteNamespacedServiceAccount({ namespace: 'team', name: 'temp' });
    await expect(as(token).makeApiClient(VersionApi).getCode()).rejects.toMatchObject({ code: 401 });
  });

  it('keeps the cluster token cluster-admin', async () => {
    expect((await admin.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'delete', resource: 'nodes' } } } })).status?.allowed).toBe(true);
  });
});
