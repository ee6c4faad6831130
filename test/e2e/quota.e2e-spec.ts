import { randomUUID } from 'node:crypto';
import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';
import { ApiClient, createTenant, uniqueName, type Json, type Tenant } from '../support/tenants';

type Resource = { resource: string; hard: { quantity: string; value: string } | null; used: { value: string }; reserved: { value: string }; available: { value: string } | null; overLimit: boolean };
const resource = (body: { resources: Resource[] }, name: string) => body.resources.find((r) => r.resource === name)!;

/** Quotas and the reservation ledger through the gateway, as REST clients use them. */
describe('quotas through the gateway (e2e over HTTP)', () => {
  let auth: RunningService;
  let gateway: RunningGateway;
  let admin: ApiClient;
  let acme: Tenant;
  let globex: Tenant;
  let acmeTeamId: string;
  let globexTeamId: string;
  const as = (token: string) => admin.as(token);

  beforeAll(async () => {
    auth = await startService('auth');
    gateway = await startGateway({ RATE_LIMIT_PER_MINUTE: '100000' });
    admin = new ApiClient(gateway.url, bootstrapToken());
    [acme, globex] = await Promise.all([createTenant(gateway.url, bootstrapToken()), createTenant(gateway.url, bootstrapToken())]);
    acmeTeamId = (await as(acme.tokens.orgAdmin).post(`/orgs/${acme.orgId}/teams`, { name: uniqueName('ml') })).body.id;
    globexTeamId = (await as(globex.tokens.orgAdmin).post(`/orgs/${globex.orgId}/teams`, { name: uniqueName('ml') })).body.id;
  });

  afterAll(async () => {
    await gateway?.app.close();
    await auth?.app.close();
  });

  it('a platform admin sets an organization quota; everyone in it reads hard, used, reserved, available as quantities and exact integers', async () => {
    const set = await admin.put(`/orgs/${acme.orgId}/quotas`, { hard: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1', workloads: '10' } });
    expect(set.status).toBe(200);
    const read = await as(acme.tokens.viewer).get(`/orgs/${acme.orgId}/quotas`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ scope: 'org', orgId: acme.orgId, teamId: null, userId: null, overLimit: false });
    expect(resource(read.body, 'memory')).toEqual({
      resource: 'memory', unit: 'bytes', hard: { quantity: '4Gi', value: '4294967296' }, used: { quantity: '0', value: '0' },
      reserved: { quantity: '0', value: '0' }, available: { quantity: '4Gi', value: '4294967296' }, overLimit: false,
    });
    expect(resource(read.body, 'nvidia.com/gpu')).toMatchObject({ unit: 'count', hard: { quantity: '1', value: '1' } });
  });

  it('a bad quantity is a 400 naming the field', async () => {
    const { status, body } = await admin.put(`/orgs/${acme.orgId}/quotas`, { hard: { memory: '1GB' } });
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.fields).toEqual([{ field: 'hard.memory', messages: [expect.stringContaining('"1GB"')] }]);
    const reserve = await as(acme.tokens.member).post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '1.5.0' }, idempotencyKey: 'bad' });
    expect(reserve.status).toBe(400);
    expect(reserve.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['amounts.cpu']);
    const ttl = await as(acme.tokens.member).post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '1' }, idempotencyKey: 'ttl', ttlSeconds: 0 });
    expect(ttl.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['ttlSeconds']);
  });

  it('org admins set team and user quotas; members and viewers cannot set quotas (403); org admins cannot raise their own organization’s', async () => {
    expect((await as(acme.tokens.orgAdmin).put(`/orgs/${acme.orgId}/teams/${acmeTeamId}/quotas`, { hard: { cpu: '1' } })).status).toBe(200);
    expect((await as(acme.tokens.orgAdmin).put(`/orgs/${acme.orgId}/users/${acme.users.member.id}/quotas`, { hard: { memory: '3Gi' } })).status).toBe(200);
    expect((await as(acme.tokens.orgAdmin).put(`/orgs/${acme.orgId}/quotas`, { hard: { cpu: '100' } })).status).toBe(403);
    for (const token of [acme.tokens.member, acme.tokens.viewer]) {
      expect((await as(token).put(`/orgs/${acme.orgId}/teams/${acmeTeamId}/quotas`, { hard: { cpu: '8' } })).status).toBe(403);
      expect((await as(token).put(`/orgs/${acme.orgId}/users/${acme.users.member.id}/quotas`, { hard: {} })).status).toBe(403);
    }
    const team = await as(acme.tokens.member).get(`/orgs/${acme.orgId}/teams/${acmeTeamId}/quotas`);
    expect(team.body).toMatchObject({ scope: 'team', teamId: acmeTeamId });
    expect(resource(team.body, 'cpu').hard).toEqual({ quantity: '1', value: '1000' });
  });

  it('another organization’s quotas, teams, users and reservations are 404, like missing ones', async () => {
    const globexReservation = await as(globex.tokens.member).post(`/orgs/${globex.orgId}/quota-reservations`, { amounts: { cpu: '100m' }, idempotencyKey: randomUUID() });
    expect(globexReservation.status).toBe(201);
    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/orgs/${globex.orgId}/quotas`],
      ['PUT', `/orgs/${globex.orgId}/teams/${globexTeamId}/quotas`, { hard: { cpu: '1' } }],
      ['GET', `/orgs/${acme.orgId}/teams/${globexTeamId}/quotas`],
      ['GET', `/orgs/${acme.orgId}/users/${globex.users.member.id}/quotas`],
      ['GET', `/orgs/${randomUUID()}/quotas`],
      ['GET', `/orgs/${globex.orgId}/quota-reservations`],
      ['POST', `/orgs/${globex.orgId}/quota-reservations`, { amounts: { cpu: '1' }, idempotencyKey: randomUUID() }],
      ['POST', `/orgs/${globex.orgId}/quota-reservations/${globexReservation.body.id}/release`],
      ['POST', `/orgs/${acme.orgId}/quota-reservations/${globexReservation.body.id}/commit`],
      ['GET', `/orgs/${acme.orgId}/quota-reservations/${globexReservation.body.id}`],
    ];
    for (const [method, path, body] of probes) {
      const answer = await as(acme.tokens.orgAdmin).request<Json>(method, path, body);
      expect({ method, path, status: answer.status, code: answer.body?.error?.code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
    }
    expect((await as(globex.tokens.member).get(`/orgs/${globex.orgId}/quota-reservations/${globexReservation.body.id}`)).body.state).toBe('reserved');
  });

  it('reserve, commit and release; over the limit is a 422 QUOTA_EXCEEDED naming scope, resource, requested and available', async () => {
    const member = as(acme.tokens.member);
    const first = await member.post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '500m', memory: '2Gi', workloads: '1' }, idempotencyKey: randomUUID(), ttlSeconds: 600 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orgId: acme.orgId, userId: acme.users.member.id, state: 'reserved', amounts: { cpu: { quantity: '500m', value: '500' } }, replayed: false });
    const refused = await member.post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { memory: '2Gi' }, idempotencyKey: randomUUID() });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      error: {
        code: 'QUOTA_EXCEEDED',
        message: expect.stringContaining('memory'),
        details: {
          violations: [expect.objectContaining({ scope: 'user', scopeId: acme.users.member.id, resource: 'memory', requested: { quantity: '2Gi', value: '2147483648' }, available: { quantity: '1Gi', value: '1073741824' } })],
        },
      },
    });
    const committed = await member.post(`/orgs/${acme.orgId}/quota-reservations/${first.body.id}/commit`);
    expect(committed).toMatchObject({ status: 200, body: { state: 'committed' } });
    const user = await member.get(`/orgs/${acme.orgId}/users/${acme.users.member.id}/quotas`);
    expect(resource(user.body, 'memory')).toMatchObject({ used: { value: '2147483648' }, reserved: { value: '0' }, available: { value: '1073741824' } });
    const released = await member.post(`/orgs/${acme.orgId}/quota-reservations/${first.body.id}/release`);
    expect(released).toMatchObject({ status: 200, body: { state: 'released' } });
    expect((await member.post(`/orgs/${acme.orgId}/quota-reservations/${first.body.id}/commit`)).status).toBe(409);
  });

  it('the same idempotency key replays the reservation; with another body it is a 422 IDEMPOTENCY_MISMATCH', async () => {
    const orgAdmin = as(acme.tokens.orgAdmin);
    const body = { amounts: { cpu: '100m' }, teamId: acmeTeamId, idempotencyKey: `wl-${randomUUID()}/create` };
    const first = await orgAdmin.post(`/orgs/${acme.orgId}/quota-reservations`, body);
    const again = await orgAdmin.post(`/orgs/${acme.orgId}/quota-reservations`, body);
    expect(again.body).toMatchObject({ id: first.body.id, teamId: acmeTeamId, replayed: true });
    const other = await orgAdmin.post(`/orgs/${acme.orgId}/quota-reservations`, { ...body, amounts: { cpu: '200m' } });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', details: { reservationId: first.body.id } });
  });

  it('a limit lowered below use is reported over limit and refuses new reservations of it', async () => {
    const member = as(acme.tokens.member);
    const r = await member.post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '1' }, idempotencyKey: randomUUID() });
    await member.post(`/orgs/${acme.orgId}/quota-reservations/${r.body.id}/commit`);
    const lowered = await admin.put(`/orgs/${acme.orgId}/quotas`, { hard: { cpu: '500m', memory: '4Gi' } });
    expect(lowered.status).toBe(200);
    expect(lowered.body.overLimit).toBe(true);
    expect(resource(lowered.body, 'cpu')).toMatchObject({ hard: { quantity: '500m', value: '500' }, overLimit: true, available: { value: '0' } });
    expect((await member.get(`/orgs/${acme.orgId}/quotas`)).body.overLimit).toBe(true);
    const refused = await member.post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '10m' }, idempotencyKey: randomUUID() });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.violations[0]).toMatchObject({ scope: 'org', resource: 'cpu', available: { value: '0' } });
  });

  it('org admins list reservations with a state filter and pages; members may not (403), viewers cannot reserve (403)', async () => {
    const orgAdmin = as(acme.tokens.orgAdmin);
    const committed = await orgAdmin.get(`/orgs/${acme.orgId}/quota-reservations?state=committed`);
    expect(committed.status).toBe(200);
    expect(committed.body.items.length).toBeGreaterThan(0);
    expect(committed.body.items.every((r: { state: string }) => r.state === 'committed')).toBe(true);
    const page1 = await orgAdmin.get(`/orgs/${acme.orgId}/quota-reservations?limit=2`);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await orgAdmin.get(`/orgs/${acme.orgId}/quota-reservations?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.length).toBeGreaterThan(0);
    const ids = [...page1.body.items, ...page2.body.items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await as(acme.tokens.orgAdmin).get(`/orgs/${acme.orgId}/quota-reservations?state=bogus`)).status).toBe(400);
    expect((await as(acme.tokens.member).get(`/orgs/${acme.orgId}/quota-reservations`)).status).toBe(403);
    expect((await as(acme.tokens.viewer).post(`/orgs/${acme.orgId}/quota-reservations`, { amounts: { cpu: '1m' }, idempotencyKey: randomUUID() })).status).toBe(403);
  });

  it('needs a credential', async () => {
    expect((await admin.as(undefined).get(`/orgs/${acme.orgId}/quotas`)).status).toBe(401);
  });
});
