// Route × role × (own, other organization's, nonexistent) over every tenant-scoped route, driven
// through the gateway as REST clients. What must hold: another organization's object answers exactly
// like a missing one (404, same code), nothing of the other organization leaks into any answer, and
// the other organization is unchanged afterwards. The route table is checked against the OpenAPI
// document, so a new route cannot slip past the matrix.
import { randomUUID } from 'node:crypto';
import { clusterRouteKeys } from '../support/cluster-routes';
import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';
import { ApiClient, createTenant, createToken, uniqueName, type ApiResponse, type Tenant, type TenantRole } from '../support/tenants';

/** The ids one organization's routes are filled with. */
interface Fixture {
  orgId: string;
  teamId: string;
  userId: string;
  tokenId: string;
  reservationId: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RouteCase {
  method: Method;
  /** OpenAPI path template under /api/v1. */
  path: string;
  body?: () => unknown;
  /** Mutations of the caller's own organization each role may make (others: 403). */
  ownWriters?: TenantRole[];
}

const everyone: TenantRole[] = ['orgAdmin', 'member', 'viewer'];
const orgAdmins: TenantRole[] = ['orgAdmin'];

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/orgs/{orgId}' },
  { method: 'PATCH', path: '/orgs/{orgId}', body: () => ({ displayName: 'renamed' }), ownWriters: [] },
  { method: 'DELETE', path: '/orgs/{orgId}', ownWriters: [] },
  { method: 'GET', path: '/orgs/{orgId}/teams' },
  { method: 'POST', path: '/orgs/{orgId}/teams', body: () => ({ name: uniqueName('team') }), ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/teams/{teamId}' },
  { method: 'PATCH', path: '/orgs/{orgId}/teams/{teamId}', body: () => ({ displayName: 'renamed' }), ownWriters: orgAdmins },
  { method: 'DELETE', path: '/orgs/{orgId}/teams/{teamId}', ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/teams/{teamId}/members' },
  { method: 'POST', path: '/orgs/{orgId}/teams/{teamId}/members', body: () => ({ userId: randomUUID() }), ownWriters: orgAdmins },
  { method: 'DELETE', path: '/orgs/{orgId}/teams/{teamId}/members/{userId}', ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/users' },
  { method: 'POST', path: '/orgs/{orgId}/users', body: () => ({ username: uniqueName('user'), role: 'viewer' }), ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/users/{userId}' },
  { method: 'PATCH', path: '/orgs/{orgId}/users/{userId}', body: () => ({ displayName: 'renamed' }), ownWriters: orgAdmins },
  { method: 'DELETE', path: '/orgs/{orgId}/users/{userId}', ownWriters: orgAdmins },
  { method: 'PATCH', path: '/orgs/{orgId}/users/{userId}/role', body: () => ({ role: 'viewer' }), ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/users/{userId}/tokens' },
  { method: 'DELETE', path: '/orgs/{orgId}/users/{userId}/tokens/{tokenId}', ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/quotas' },
  { method: 'PUT', path: '/orgs/{orgId}/quotas', body: () => ({ hard: { cpu: '64' } }), ownWriters: [] },
  { method: 'GET', path: '/orgs/{orgId}/teams/{teamId}/quotas' },
  { method: 'PUT', path: '/orgs/{orgId}/teams/{teamId}/quotas', body: () => ({ hard: { cpu: '8' } }), ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/users/{userId}/quotas' },
  { method: 'PUT', path: '/orgs/{orgId}/users/{userId}/quotas', body: () => ({ hard: { memory: '8Gi' } }), ownWriters: orgAdmins },
  { method: 'GET', path: '/orgs/{orgId}/quota-reservations' },
  {
    method: 'POST',
    path: '/orgs/{orgId}/quota-reservations',
    body: () => ({ amounts: { cpu: '100m' }, idempotencyKey: uniqueName('matrix') }),
    ownWriters: ['orgAdmin', 'member'],
  },
  { method: 'GET', path: '/orgs/{orgId}/quota-reservations/{reservationId}' },
  { method: 'POST', path: '/orgs/{orgId}/quota-reservations/{reservationId}/commit', ownWriters: ['orgAdmin', 'member'] },
  { method: 'POST', path: '/orgs/{orgId}/quota-reservations/{reservationId}/release', ownWriters: ['orgAdmin', 'member'] },
  { method: 'GET', path: '/orgs/{orgId}/audit-events' },
];

/** Routes that act on the caller itself or on no organization: outside the matrix, tested elsewhere. */
const NOT_TENANT_SCOPED = [/^\/system\//, /^\/auth\/login$/, /^\/me(\/|$)/, /^\/orgs$/, /^\/audit-events$/];

function fill(path: string, ids: Fixture): string {
  return path.replace(/\{(\w+)\}/g, (_, name: keyof Fixture) => {
    if (!(name in ids)) throw new Error(`no fixture for {${name}} in ${path}`);
    return ids[name];
  });
}

/** What a member or viewer gets reading the fixture: admin-only lists are 403; someone else's reservation is invisible. */
function expectedReadOf(path: string): number {
  if (path.endsWith('/quota-reservations/{reservationId}')) return 404;
  return /quota-reservations$|audit-events$|\/tokens$/.test(path) ? 403 : 200;
}

function nonexistent(): Fixture {
  return { orgId: randomUUID(), teamId: randomUUID(), userId: randomUUID(), tokenId: randomUUID(), reservationId: randomUUID() };
}

describe('tenancy matrix: route × role × (own, other org, nonexistent)', () => {
  let auth: RunningService;
  let gateway: RunningGateway;
  let admin: ApiClient;
  let own: Tenant;
  let other: Tenant;
  let ownIds: Fixture;
  let otherIds: Fixture;
  const answers: Array<{ route: string; role: TenantRole; variant: string; response: ApiResponse }> = [];

  /** An organization with a team, an extra user holding a token, and a reservation, each to aim at. */
  async function fixtureOf(tenant: Tenant): Promise<Fixture> {
    const orgAdmin = admin.as(tenant.tokens.orgAdmin);
    const team = await orgAdmin.post(`/orgs/${tenant.orgId}/teams`, { name: uniqueName('team') });
    const password = randomUUID();
    const user = await orgAdmin.post(`/orgs/${tenant.orgId}/users`, { username: uniqueName('target'), password, role: 'member' });
    await orgAdmin.post(`/orgs/${tenant.orgId}/teams/${team.body.id}/members`, { userId: user.body.id });
    const session = await new ApiClient(gateway.url).post('/auth/login', { username: user.body.username, password });
    const token = await createToken(admin.as(session.body.accessToken));
    await admin.put(`/orgs/${tenant.orgId}/quotas`, { hard: { cpu: '1000' } });
    const reservation = await orgAdmin.post(`/orgs/${tenant.orgId}/quota-reservations`, { amounts: { cpu: '1' }, idempotencyKey: uniqueName('fixture') });
    for (const created of [team, user, reservation]) expect(created.status, created.text).toBe(201);
    return { orgId: tenant.orgId, teamId: team.body.id, userId: user.body.id, tokenId: token.id, reservationId: reservation.body.id };
  }

  /** Everything a platform admin can read about an organization, to compare before and after. */
  async function snapshot(ids: Fixture): Promise<unknown[]> {
    const paths = ROUTES.filter((r) => r.method === 'GET' && !r.path.endsWith('audit-events')).map((r) => fill(r.path, ids));
    return Promise.all(paths.map(async (path) => ({ path, ...pick(await admin.get(path)) })));
  }

  function pick(response: ApiResponse) {
    // usage timestamps move on their own; everything else must be identical
    return { status: response.status, body: JSON.parse(response.text.replace(/"lastUsedAt":"[^"]*"/g, '"lastUsedAt":"…"') || 'null') };
  }

  async function call(tenantRole: TenantRole, route: RouteCase, ids: Fixture): Promise<ApiResponse> {
    const client = admin.as(own.tokens[tenantRole]);
    return client.request(route.method, fill(route.path, ids), route.body?.());
  }

  beforeAll(async () => {
    auth = await startService('auth');
    gateway = await startGateway({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = new ApiClient(gateway.url, bootstrapToken());
    [own, other] = await Promise.all([createTenant(gateway.url, bootstrapToken()), createTenant(gateway.url, bootstrapToken())]);
    [ownIds, otherIds] = await Promise.all([fixtureOf(own), fixtureOf(other)]);
  });

  afterAll(async () => {
    await gateway?.app.close();
    await auth?.app.close();
  });

  // cluster routes name no organization in their path: clusters-tenancy.e2e-spec.ts drives their own
  // matrix (own, shared, other organization's, nonexistent cluster) from the table checked here
  it('covers every tenant-scoped route of the OpenAPI document', async () => {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
    const tenantScoped = documented.filter((route) => route.includes(' /') && !NOT_TENANT_SCOPED.some((re) => re.test(route.split(' ')[1]!)));
    const expected = [...ROUTES.map((r) => `${r.method} ${r.path}`), ...clusterRouteKeys()];
    expect(tenantScoped.filter((route) => route.split(' ')[1]!.startsWith('/')).sort()).toEqual(expected.sort());
  });

  it('another organization’s objects answer exactly like missing ones, for every route and role', async () => {
    const before = await snapshot(otherIds);
    const mismatches: string[] = [];
    for (const route of ROUTES) {
      for (const role of everyone) {
        const missing = await call(role, route, nonexistent());
        const foreign = await call(role, route, otherIds);
        // the caller's own organization with the other organization's child ids
        const mixed = route.path.includes('}/') ? await call(role, route, { ...otherIds, orgId: ownIds.orgId }) : undefined;
        const missingChild = route.path.includes('}/') ? await call(role, route, { ...nonexistent(), orgId: ownIds.orgId }) : undefined;
        answers.push({ route: `${route.method} ${route.path}`, role, variant: 'other', response: foreign });
        if (mixed) answers.push({ route: `${route.method} ${route.path}`, role, variant: 'mixed', response: mixed });
        const label = `${route.method} ${route.path} as ${role}`;
        if (missing.status !== 404) mismatches.push(`${label}: nonexistent org → ${missing.status}`);
        if (foreign.status !== missing.status || foreign.body?.error?.code !== missing.body?.error?.code) {
          mismatches.push(`${label}: other org → ${foreign.status} ${foreign.body?.error?.code}, nonexistent → ${missing.status}`);
        }
        if (mixed && missingChild && (mixed.status !== missingChild.status || mixed.body?.error?.code !== missingChild.body?.error?.code)) {
          mismatches.push(`${label}: other org's child in own org → ${mixed.status}, nonexistent child → ${missingChild.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot(otherIds)).toEqual(before);
  });

  it('no answer to a cross-tenant request carries anything of the other organization', async () => {
    const secrets = [other.orgName, ...Object.values(other.users).flatMap((u) => [u.username, u.token])];
    const leaks = answers.filter(({ response }) => secrets.some((s) => response.text.includes(s)));
    expect(leaks.map(({ route, role, variant }) => `${route} as ${role} (${variant})`)).toEqual([]);
    expect(answers.length).toBeGreaterThan(ROUTES.length * everyone.length);
  });

  it('in their own organization, viewers cannot mutate and members cannot manage users, teams, roles or quotas', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
      for (const role of (['viewer', 'member'] as const).filter((r) => !route.ownWriters?.includes(r))) {
        const answer = await call(role, route, ownIds);
        if (answer.status !== 403) wrong.push(`${route.method} ${route.path} as ${role} → ${answer.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('in their own organization, every role reads what the matrix aims at', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      for (const role of everyone) {
        const answer = await call(role, route, ownIds);
        const expected = role === 'orgAdmin' ? 200 : expectedReadOf(route.path);
        if (answer.status !== expected) wrong.push(`${route.method} ${route.path} as ${role} → ${answer.status} (expected ${expected})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an organization id in a body never moves the write into another organization', async () => {
    const sneaky = await admin.as(own.tokens.orgAdmin).post(`/orgs/${ownIds.orgId}/teams`, { name: uniqueName('team'), orgId: otherIds.orgId });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.details.fields.map((f: { field: string }) => f.field)).toContain('orgId');
    const reserve = await admin
      .as(own.tokens.member)
      .post(`/orgs/${ownIds.orgId}/quota-reservations`, { amounts: { cpu: '1' }, idempotencyKey: uniqueName('k'), owner: { orgId: otherIds.orgId } });
    expect([400, 404]).toContain(reserve.status);
    const otherReservations = await admin.get(`/orgs/${otherIds.orgId}/quota-reservations`);
    expect(JSON.stringify(otherReservations.body)).not.toContain(own.users.member.id);
  });
});
