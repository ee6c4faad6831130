import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startSimHttp, type SimHttp } from '../apiserver/testing/sim-http';
import { CLUSTER_ADMIN_USER } from './authorization.api';
import { ExtensionApis } from './extension-apis';

describe(ExtensionApis.name, () => {
  let sut: SimHttp;
  const now = new Date('2026-03-01T10:00:00Z');

  beforeAll(async () => {
    sut = await startSimHttp({ clock: () => now });
  });
  afterAll(() => sut.close());

  it('allows every self access review of the cluster-admin token holder', async () => {
    const api = sut.kubeConfig.makeApiClient(AuthorizationV1Api);
    const review = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } } } });
    expect(review.status?.allowed).toBe(true);
    expect(review.spec.resourceAttributes?.resource).toBe('pods');
    await expect(api.createSelfSubjectAccessReview({ body: { spec: {} } })).rejects.toMatchObject({ code: 422 });
    expect((await fetch(`${sut.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`)).status).toBe(405);
  });

  it('answers rules reviews with * rules and whoami with the admin user', async () => {
    const rules = await sut.kubeConfig.makeApiClient(AuthorizationV1Api).createSelfSubjectRulesReview({ body: { spec: { namespace: 'default' } } });
    expect(rules.status?.resourceRules).toEqual([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    const self = await sut.kubeConfig.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(self.status?.userInfo?.username).toBe(CLUSTER_ADMIN_USER.username);
  });

  it('issues a service account token with its expiry, 404 for an unknown account', async () => {
    const core = sut.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'robot' } } });
    const request = await core.createNamespacedServiceAccountToken({ namespace: 'default', name: 'robot', body: { spec: { audiences: ['flotilla'], expirationSeconds: 1200 } } });
    const [, payload, signature] = (request.status?.token ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; aud: string[] };
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:robot', aud: ['flotilla'] });
    expect(signature.length).toBeGreaterThan(100);
    expect(request.status?.expirationTimestamp).toEqual(new Date('2026-03-01T10:20:00Z'));
    await expect(core.createNamespacedServiceAccountToken({ namespace: 'default', name: 'ghost', body: { spec: {} } })).rejects.toMatchObject({ code: 404 });
    await expect(core.createNamespacedServiceAccountToken({ namespace: 'default', name: 'robot', body: { spec: { expirationSeconds: 60 } } })).rejects.toMatchObject({ code: 422 });
  });
});
