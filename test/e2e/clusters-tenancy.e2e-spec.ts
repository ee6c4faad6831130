// Cluster routes × caller (platform admin; org admin, member, viewer of the caller's organization) ×
// target (the organization's own cluster, one a platform admin shared with it, another
// organization's, none), through the gateway as REST clients. Another organization's cluster answers
// exactly like a missing one, leaks nothing and is unchanged; a shared cluster can be read and used,
// never managed. The route table is the one the tenancy matrix checks against the OpenAPI document.
import { randomUUID } from 'node:crypto';
import { REGISTRY_KEY_IDS } from '../support/platform';
import {
  CLUSTER_ROUTES, clusterRouteKeys, expectedStatus, FLEET_ROUTES, type ClusterCaller, type ClusterRoute, type ClusterVariant,
} from '../support/cluster-routes';
import { expectStatus, kubeconfigRegistration, startClusterPlatform, type ClusterPlatform } from '../support/cluster-platform';
import type { SimClusterHandle } from '../support/sim-clusters';
import { createTenant, type ApiClient, type ApiResponse, type Json, type Tenant } from '../support/tenants';

const CALLERS: ClusterCaller[] = ['platformAdmin', 'orgAdmin', 'member', 'viewer'];
const VARIANTS: ClusterVariant[] = ['own', 'shared', 'other', 'nonexistent'];

describe('cluster routes × caller × (own, shared, other organization’s, nonexistent cluster)', () => {
  let platform: ClusterPlatform;
  let own: Tenant;
  let other: Tenant;
  let sim: SimClusterHandle;
  const fixtures = {} as Record<Exclude<ClusterVariant, 'nonexistent'>, Json>;
  const crossTenant: Array<{ label: string; response: ApiResponse }> = [];

  const client = (caller: ClusterCaller): ApiClient => (caller === 'platformAdmin' ? platform.admin : platform.admin.as(own.tokens[caller]));

  /** Registers a cluster of the variant: by the owning org admin, or shared with `own` by the platform admin. */
  async function register(variant: Exclude<ClusterVariant, 'nonexistent'>): Promise<Json> {
    const registrar = { own: platform.admin.as(own?.tokens.orgAdmin), other: platform.admin.as(other?.tokens.orgAdmin), shared: platform.admin }[variant];
    const sharing = variant === 'shared' ? { sharing: { orgIds: [own.orgId] } } : {};
    return expectStatus(await registrar.post('/clusters', kubeconfigRegistration(sim, sharing)), 201, `register ${variant}`).body;
  }

  function body(route: ClusterRoute): unknown {
    if (route.method === 'PATCH') return { displayName: 'renamed by the matrix' };
    if (route.method === 'PUT') return { type: 'kubeconfig', kubeconfig: sim.kubeconfig };
    return route.path.endsWith('/fit') ? { requests: { cpu: '100m', memory: '64Mi' }, replicas: 2 } : undefined;
  }

  /** A DELETE gets a cluster of its own; every other route aims at the variant's fixture. */
  async function target(route: ClusterRoute, variant: ClusterVariant): Promise<string> {
    if (variant === 'nonexistent') return randomUUID();
    return route.method === 'DELETE' ? (await register(variant)).id : fixtures[variant].id;
  }

  async function call(route: ClusterRoute, caller: ClusterCaller, variant: ClusterVariant): Promise<ApiResponse> {
    const path = route.path.replace('{clusterId}', await target(route, variant));
    return client(caller).request(route.method, path, body(route));
  }

  beforeAll(async () => {
    // credentials of this suite are wrapped under the first key; the last test rotates them to the second
    platform = await startClusterPlatform({ logLevel: 'warn', registryEnv: { FLOTILLA_REGISTRY_ACTIVE_KEY: REGISTRY_KEY_IDS[0] } });
    [own, other] = await Promise.all([createTenant(platform.gateway.url, platform.admin.token!), createTenant(platform.gateway.url, platform.admin.token!)]);
    sim = await platform.simCluster('vanilla');
    for (const variant of ['own', 'shared', 'other'] as const) fixtures[variant] = await register(variant);
  });

  afterAll(() => platform?.stop());

  it('drives every cluster route of the OpenAPI document', async () => {
    const document = (await (await fetch(`${platform.gateway.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/clusters'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`));
    expect(documented.sort()).toEqual(clusterRouteKeys().sort());
  });

  it('tenant roles: another organization’s cluster answers exactly like a missing one, and stays unchanged', async () => {
    const before = await platform.admin.get(`/clusters/${fixtures.other.id}`);
    const wrong: string[] = [];
    for (const route of CLUSTER_ROUTES.filter((r) => r.method !== 'DELETE')) {
      for (const caller of CALLERS.filter((c) => c !== 'platformAdmin')) {
        const missing = await call(route, caller, 'nonexistent');
        const foreign = await call(route, caller, 'other');
        crossTenant.push({ label: `${route.method} ${route.path} as ${caller}`, response: foreign });
        if (foreign.status !== 404 || foreign.body?.error?.code !== missing.body?.error?.code || missing.status !== 404) {
          wrong.push(`${route.method} ${route.path} as ${caller}: other → ${foreign.status} ${foreign.body?.error?.code}, nonexistent → ${missing.status}`);
        }
      }
    }
    const after = await platform.admin.get(`/clusters/${fixtures.other.id}`);

    expect(wrong).toEqual([]);
    expect(after.body).toEqual(before.body);
  });

  it('no answer to a cross-tenant request carries anything of the other organization', () => {
    const secrets = [other.orgId, other.orgName, fixtures.other.name];
    const leaks = crossTenant.filter(({ response }) => secrets.some((s) => response.text.includes(s))).map(({ label }) => label);

    expect(leaks).toEqual([]);
    expect(crossTenant.length).toBeGreaterThan(CLUSTER_ROUTES.length);
  });

  it.each(CALLERS)('every per-cluster route and target answers %s as the authorization rules say', async (caller) => {
    const wrong: string[] = [];
    for (const route of CLUSTER_ROUTES) {
      for (const variant of VARIANTS) {
        const answer = await call(route, caller, variant);
        const expected = expectedStatus(route, caller, variant);
        if (answer.status !== expected) wrong.push(`${route.method} ${route.path} on ${variant} → ${answer.status} ${answer.body?.error?.code ?? ''} (expected ${expected})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists what each caller may see: own and shared clusters, never another organization’s', async () => {
    const ids = async (caller: ClusterCaller) => new Set(((await client(caller).get('/clusters?limit=200')).body.items as Json[]).map((c) => c.id));
    const [admin, ...tenantRoles] = await Promise.all(CALLERS.map(ids));
    const otherAdmin = await platform.admin.as(other.tokens.orgAdmin).get('/clusters?limit=200');

    for (const seen of tenantRoles) {
      expect(seen.has(fixtures.own.id) && seen.has(fixtures.shared.id)).toBe(true);
      expect(seen.has(fixtures.other.id)).toBe(false);
    }
    expect([fixtures.own.id, fixtures.shared.id, fixtures.other.id].every((id) => admin!.has(id))).toBe(true);
    expect(otherAdmin.body.items.map((c: Json) => c.id)).not.toContain(fixtures.shared.id);
    expect(otherAdmin.text).not.toContain(own.orgId);
  });

  it('says who may manage: shared clusters are not manageable by the organization they are shared with', async () => {
    const asOrgAdmin = await client('orgAdmin').get(`/clusters/${fixtures.shared.id}`);
    const ownAsOrgAdmin = await client('orgAdmin').get(`/clusters/${fixtures.own.id}`);
    const ownAsViewer = await client('viewer').get(`/clusters/${fixtures.own.id}`);

    expect(asOrgAdmin.body).toMatchObject({ manageable: false, credentials: null });
    expect(ownAsOrgAdmin.body).toMatchObject({ manageable: true, credentials: { type: 'kubeconfig' } });
    expect(ownAsViewer.body.manageable).toBe(false);
  });

  it('collection and fleet routes answer each caller as the table says', async () => {
    const bodies: Record<string, () => unknown> = {
      'POST /clusters': () => kubeconfigRegistration(sim),
      'POST /clusters/fit': () => ({ requests: { cpu: '100m' }, replicas: 1 }),
    };
    const wrong: string[] = [];
    for (const route of FLEET_ROUTES) {
      for (const caller of CALLERS) {
        const answer = await client(caller).request(route.method, route.path, bodies[`${route.method} ${route.path}`]?.());
        const expected = route.allowed.includes(caller) ? route.ok : 403;
        if (answer.status !== expected) wrong.push(`${route.method} ${route.path} as ${caller} → ${answer.status} (expected ${expected})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('registration: org admins for their own organization only, sharing only by platform admins', async () => {
    const intoOther = await client('orgAdmin').post('/clusters', kubeconfigRegistration(sim, { orgId: other.orgId }));
    const intoNowhere = await client('orgAdmin').post('/clusters', kubeconfigRegistration(sim, { orgId: randomUUID() }));
    const sharing = await client('orgAdmin').post('/clusters', kubeconfigRegistration(sim, { sharing: { all: true } }));
    const sharingByPatch = await client('orgAdmin').patch(`/clusters/${fixtures.own.id}`, { sharing: { orgIds: [other.orgId] } });
    const forOwn = await platform.admin.post('/clusters', kubeconfigRegistration(sim, { orgId: own.orgId }));

    expect([intoOther.status, intoOther.body.error.code]).toEqual([intoNowhere.status, intoNowhere.body.error.code]);
    expect(intoOther.status).toBe(404);
    expect([sharing.status, sharingByPatch.status]).toEqual([403, 403]);
    expect(forOwn.status).toBe(201);
    expect(forOwn.body).toMatchObject({ orgId: own.orgId, manageable: true });
  });

  it('a platform admin registering for an organization that does not exist: 404, nothing registered', async () => {
    const orgId = randomUUID();

    const answer = await platform.admin.post('/clusters', kubeconfigRegistration(sim, { orgId }));
    const listed = await platform.admin.get(`/clusters?orgId=${orgId}`);

    expect([answer.status, answer.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect(listed.body.items).toEqual([]);
  });

  it('fleet fit: every caller may ask, over the clusters it can use only', async () => {
    const query = { requests: { cpu: '100m', memory: '64Mi' }, replicas: 3 };
    const answers = await Promise.all(CALLERS.map((caller) => client(caller).post('/clusters/fit', query)));
    const otherViewer = await platform.admin.as(other.tokens.viewer).post('/clusters/fit', query);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const answer of answers.slice(1)) expect(answer.body.placements.map((p: Json) => p.clusterId)).not.toContain(fixtures.other.id);
    const clustersOfOtherViewer = otherViewer.body.placements.map((p: Json) => p.clusterId);
    expect(clustersOfOtherViewer).not.toContain(fixtures.own.id);
    expect(clustersOfOtherViewer).not.toContain(fixtures.shared.id);
  });

  it('key rotation: platform admins only; afterwards no credential is on the old key and every cluster still connects', async () => {
    const refused = await Promise.all((['orgAdmin', 'member', 'viewer'] as const).map((caller) => client(caller).post('/clusters/keys/rotate')));
    await platform.restartRegistry({ FLOTILLA_REGISTRY_ACTIVE_KEY: REGISTRY_KEY_IDS[1] });

    const rotated = await platform.admin.post('/clusters/keys/rotate');
    const again = await platform.admin.post('/clusters/keys/rotate');
    const tests = await Promise.all(['own', 'shared', 'other'].map((v) => platform.admin.post(`/clusters/${fixtures[v as 'own'].id}/test`)));

    expect(refused.map((r) => [r.status, r.body.error.code])).toEqual(Array(3).fill([403, 'FORBIDDEN']));
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ activeKeyId: REGISTRY_KEY_IDS[1], remainingOnOtherKeys: 0 });
    expect(rotated.body.rewrapped).toBeGreaterThanOrEqual(3);
    expect(again.body).toMatchObject({ activeKeyId: REGISTRY_KEY_IDS[1], rewrapped: 0, remainingOnOtherKeys: 0 });
    expect(tests.map((t) => t.body.ok)).toEqual([true, true, true]);
  });

  it('never puts a credential in an answer or a log line', () => {
    expect(platform.secrets.leaks()).toEqual([]);
    expect(platform.secrets.seen.answers).toBeGreaterThan(5);
  });
});
