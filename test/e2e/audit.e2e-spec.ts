import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { query } from '@flotilla/common/testing';
import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';
import { ApiClient, createTenant, type ApiResponse, type Json, type Tenant } from '../support/tenants';

/** A stored row of auth.audit_log (the columns the tests read), plus all of it as JSON text. */
type AuditRow = Record<string, unknown> & { json: string };

const SECRET = 'correct-horse-battery-staple-9f3a';

interface SendOptions {
  body?: string;
  headers?: Record<string, string>;
}

async function send(base: string, method: string, path: string, { body, headers = {} }: SendOptions = {}) {
  const requestId = `e2e-audit-${randomUUID()}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-request-id': requestId, 'user-agent': 'audit-e2e/1.0', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  await response.text();
  return { status: response.status, requestId };
}

/** Audit rows of one request id, as stored (every column, as JSON text too, to look for leaks). */
async function auditRows(requestId: string): Promise<AuditRow[]> {
  return query(inject('databaseUrl'), 'SELECT a.*, row_to_json(a)::text AS json FROM auth.audit_log a WHERE request_id = $1', [requestId]);
}

async function recorded(requestId: string): Promise<AuditRow> {
  let rows: AuditRow[] = [];
  await vi.waitFor(
    async () => {
      rows = await auditRows(requestId);
      expect(rows).toHaveLength(1);
    },
    { timeout: 10_000, interval: 50 },
  );
  return rows[0]!;
}

describe('audit log (e2e over HTTP)', () => {
  let gateway: RunningGateway;
  let auth: RunningService | undefined;
  let cost: RunningService;

  beforeAll(async () => {
    [auth, cost] = await Promise.all([startService('auth'), startService('cost')]);
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all([auth?.app.close(), cost?.app.close()]);
  });

  describe('what is recorded', () => {
    it('a mutating request: action, route, result, request id, client', async () => {
      const { status, requestId } = await send(gateway.url, 'POST', '/api/v1/system/ping', { body: '{"service": "cost"}' });
      expect(status).toBe(200);
      expect(await recorded(requestId)).toMatchObject({
        request_id: requestId,
        action: 'system.ping',
        method: 'POST',
        route: '/api/v1/system/ping',
        target: {},
        status: 200,
        error_code: null,
        client_ip: '127.0.0.1',
        user_agent: 'audit-e2e/1.0',
      });
    });

    it('a refused request too, with its error code, and never anything of its body', async () => {
      const body = JSON.stringify({ service: 'cost', password: SECRET, token: SECRET });
      const { status, requestId } = await send(gateway.url, 'POST', '/api/v1/system/ping', { body });
      expect(status).toBe(400);
      const row = await recorded(requestId);
      expect(row).toMatchObject({ action: 'system.ping', status: 400, error_code: 'VALIDATION_FAILED' });
      expect(row.json).not.toContain(SECRET);
      expect(row.json).not.toContain('password');
    });

    it('requests no route answers (404) and bodies the gateway refuses (415)', async () => {
      const missing = await send(gateway.url, 'DELETE', `/api/v1/no-such-things/${SECRET}x?password=${SECRET}`);
      expect(missing.status).toBe(404);
      const row = await recorded(missing.requestId);
      expect(row).toMatchObject({ action: 'route.unmatched', method: 'DELETE', route: `/api/v1/no-such-things/${SECRET}x`, status: 404, error_code: 'NOT_FOUND' });
      expect(row.json).not.toContain('password');

      const unsupported = await send(gateway.url, 'POST', '/api/v1/system/ping', { body: '<ping/>', headers: { 'content-type': 'application/xml' } });
      expect(unsupported.status).toBe(415);
      expect(await recorded(unsupported.requestId)).toMatchObject({ action: 'system.ping', status: 415, error_code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('not reads, nor anything outside the API', async () => {
      const read = await send(gateway.url, 'GET', '/api/v1/system/info');
      const health = await send(gateway.url, 'POST', '/health');
      const marker = await send(gateway.url, 'POST', '/api/v1/system/ping', { body: '{"service": "cost"}' });
      await recorded(marker.requestId); // later than the others: they had their chance
      expect(read.status).toBe(200);
      expect(await auditRows(read.requestId)).toEqual([]);
      expect(await auditRows(health.requestId)).toEqual([]);
    });
  });

  describe('when the auth service is down', () => {
    it('the request still succeeds, and its record is stored once auth is back', async () => {
      await auth!.app.close();
      auth = undefined;
      const { status, requestId } = await send(gateway.url, 'POST', '/api/v1/system/ping', { body: '{"service": "cost"}' });
      expect(status).toBe(200);
      expect(await auditRows(requestId)).toEqual([]);
      auth = await startService('auth');
      expect(await recorded(requestId)).toMatchObject({ action: 'system.ping', status: 200 });
    });

    it('exposes the loss counter', async () => {
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toContain('# TYPE flotilla_audit_dropped_total counter');
    });
  });
  describe('with tenants', () => {
    let admin: ApiClient;
    let anonymous: ApiClient;
    let acme: Tenant;
    let globex: Tenant;

    beforeAll(async () => {
      anonymous = new ApiClient(gateway.url);
      admin = anonymous.as(bootstrapToken());
      [acme, globex] = await Promise.all([createTenant(gateway.url, bootstrapToken()), createTenant(gateway.url, bootstrapToken())]);
    });

    const requestIdOf = (response: ApiResponse) => response.headers.get('x-request-id')!;

    /** The event of one request, as the platform admin lists it once it is stored. */
    async function eventOf(response: ApiResponse): Promise<Json> {
      const requestId = requestIdOf(response);
      let items: Json[] = [];
      await vi.waitFor(
        async () => {
          const page = await admin.get(`/audit-events?requestId=${encodeURIComponent(requestId)}`);
          expect(page.status).toBe(200);
          items = page.body.items;
          expect(items).toHaveLength(1);
        },
        { timeout: 10_000, interval: 50 },
      );
      return items[0];
    }

    it('records who, with which token, in which org, what, on what, with which result', async () => {
      const me = await acme.users.orgAdmin.client.get('/me');
      const password = `pw-${SECRET}`;
      const created = await acme.users.orgAdmin.client.post(`/orgs/${acme.orgId}/users`, { username: `u-${randomUUID().slice(0, 8)}`, password, role: 'member' });
      expect(created.status).toBe(201);

      const event = await eventOf(created);
      expect(event).toMatchObject({
        userId: acme.users.orgAdmin.id,
        orgId: acme.orgId,
        role: 'org-admin',
        tokenId: me.body.tokenId,
        action: 'users.create',
        method: 'POST',
        route: '/api/v1/orgs/{orgId}/users',
        target: { orgId: acme.orgId },
        status: 201,
        errorCode: null,
        requestId: requestIdOf(created),
      });
      expect(JSON.stringify(event)).not.toContain(SECRET);
      expect((await auditRows(requestIdOf(created)))[0]!.json).not.toContain(SECRET);
      expect(JSON.stringify(event)).not.toContain(acme.tokens.orgAdmin);
    });

    it('records refusals: 401, 403 and 404, with the caller when there is one', async () => {
      const path = `/orgs/${acme.orgId}/users/${acme.users.member.id}`;
      const unauthenticated = await anonymous.delete(path);
      const forbidden = await acme.users.member.client.delete(path);
      const foreign = await globex.users.orgAdmin.client.delete(path);
      expect([unauthenticated.status, forbidden.status, foreign.status]).toEqual([401, 403, 404]);

      expect(await eventOf(unauthenticated)).toMatchObject({ userId: null, role: null, status: 401, errorCode: 'UNAUTHENTICATED', action: 'users.delete' });
      expect(await eventOf(forbidden)).toMatchObject({ userId: acme.users.member.id, orgId: acme.orgId, status: 403, errorCode: 'FORBIDDEN' });
      // filed under the caller's organization, not the one probed: globex's admin sees it, acme's does not
      expect(await eventOf(foreign)).toMatchObject({
        userId: globex.users.orgAdmin.id,
        orgId: globex.orgId,
        target: { orgId: acme.orgId, userId: acme.users.member.id },
        status: 404,
        errorCode: 'NOT_FOUND',
      });
    });

    it('records a write refused to a read-only token under its caller', async () => {
      const readOnly = await acme.users.member.client.post('/me/tokens', { name: `ro-${randomUUID().slice(0, 8)}`, scopes: ['read'] });
      expect(readOnly.status).toBe(201);
      const refused = await acme.users.member.client.as(readOnly.body.token).post('/me/tokens', { name: 'nope', scopes: ['read'] });
      expect(refused.status).toBe(403);
      expect(await eventOf(refused)).toMatchObject({ userId: acme.users.member.id, orgId: acme.orgId, tokenId: readOnly.body.id, status: 403, errorCode: 'FORBIDDEN' });
    });

    it('records failed logins without the password', async () => {
      const failed = await anonymous.post('/auth/login', { username: acme.users.member.username, password: `wrong-${SECRET}` });
      expect(failed.status).toBe(401);
      const event = await eventOf(failed);
      expect(event).toMatchObject({ action: 'auth.login', userId: null, status: 401, errorCode: 'UNAUTHENTICATED' });
      expect(JSON.stringify(event)).not.toContain(SECRET);
    });

    it('does not record reads', async () => {
      const read = await acme.users.orgAdmin.client.get(`/orgs/${acme.orgId}/users`);
      expect(read.status).toBe(200);
      await eventOf(await acme.users.orgAdmin.client.post('/me/tokens', { name: `t-${randomUUID().slice(0, 8)}`, scopes: ['read'] }));
      expect((await admin.get(`/audit-events?requestId=${requestIdOf(read)}`)).body.items).toEqual([]);
    });

    describe('who sees what', () => {
      beforeAll(async () => {
        // events of each organization, stored before the listing tests start
        await eventOf(await acme.users.orgAdmin.client.patch(`/orgs/${acme.orgId}/users/${acme.users.viewer.id}`, { displayName: 'Acme viewer' }));
        await eventOf(await globex.users.orgAdmin.client.patch(`/orgs/${globex.orgId}/users/${globex.users.viewer.id}`, { displayName: 'Globex viewer' }));
        await eventOf(await acme.users.member.client.delete(`/orgs/${acme.orgId}/users/${acme.users.viewer.id}`)); // a refusal
      });

      it("an org admin sees their organization's events, and only those", async () => {
        for (const path of [`/orgs/${acme.orgId}/audit-events?limit=200`, '/audit-events?limit=200']) {
          const page = await acme.users.orgAdmin.client.get(path);
          expect(page.status).toBe(200);
          expect(page.body.items.length).toBeGreaterThan(0);
          expect(new Set(page.body.items.map((e: Json) => e.orgId))).toEqual(new Set([acme.orgId]));
        }
      });

      it("another organization's audit log is 404 for its admin, as if it did not exist", async () => {
        const foreign = await globex.users.orgAdmin.client.get(`/orgs/${acme.orgId}/audit-events`);
        const missing = await globex.users.orgAdmin.client.get(`/orgs/${randomUUID()}/audit-events`);
        expect([foreign.status, missing.status]).toEqual([404, 404]);
        expect(foreign.body.error.code).toBe('NOT_FOUND');
        expect((await globex.users.orgAdmin.client.get(`/audit-events?orgId=${acme.orgId}`)).status).toBe(404);
      });

      it('members and viewers are 403, the anonymous 401', async () => {
        expect((await acme.users.member.client.get(`/orgs/${acme.orgId}/audit-events`)).status).toBe(403);
        expect((await acme.users.viewer.client.get('/audit-events')).status).toBe(403);
        expect((await anonymous.get('/audit-events')).status).toBe(401);
      });

      it('a platform admin sees every organization, or the one asked for', async () => {
        const [acmeOnly, globexOnly, globexByPath] = await Promise.all([
          admin.get(`/audit-events?orgId=${acme.orgId}&limit=200`),
          admin.get(`/audit-events?orgId=${globex.orgId}&limit=200`),
          admin.get(`/orgs/${globex.orgId}/audit-events?limit=200`),
        ]);
        expect(new Set(acmeOnly.body.items.map((e: Json) => e.orgId))).toEqual(new Set([acme.orgId]));
        expect(new Set(globexOnly.body.items.map((e: Json) => e.orgId))).toEqual(new Set([globex.orgId]));
        expect(globexByPath.body.items).toEqual(globexOnly.body.items);

        const since = acmeOnly.body.items.at(-1).occurredAt;
        const everything = await admin.get(`/audit-events?limit=200&from=${encodeURIComponent(since)}`);
        const orgs = new Set(everything.body.items.map((e: Json) => e.orgId));
        expect(orgs.has(acme.orgId) && orgs.has(globex.orgId)).toBe(true);
      });

      it('pages with a cursor and filters by user, action, result and target', async () => {
        const client = acme.users.orgAdmin.client;
        const seen: string[] = [];
        let next: string | null = null;
        do {
          const page: ApiResponse = await client.get(`/orgs/${acme.orgId}/audit-events?limit=2${next ? `&cursor=${next}` : ''}`);
          expect(page.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.body.items.map((e: Json) => e.id));
          next = page.body.nextCursor;
        } while (next);
        const all = await client.get(`/orgs/${acme.orgId}/audit-events?limit=200`);
        expect(seen).toEqual(all.body.items.map((e: Json) => e.id));

        const failures = await client.get(`/orgs/${acme.orgId}/audit-events?result=failure&userId=${acme.users.member.id}`);
        expect(failures.body.items.length).toBeGreaterThan(0);
        expect(failures.body.items.every((e: Json) => e.status >= 400 && e.userId === acme.users.member.id)).toBe(true);
        const aboutViewer = await client.get(`/orgs/${acme.orgId}/audit-events?targetId=${acme.users.viewer.id}&action=users.update`);
        expect(aboutViewer.body.items.map((e: Json) => e.target.userId)).toEqual([acme.users.viewer.id]);
      });

      it('refuses a bad page size or date with a 400 naming the field', async () => {
        const tooMany = await admin.get('/audit-events?limit=1000');
        const badDate = await acme.users.orgAdmin.client.get(`/orgs/${acme.orgId}/audit-events?from=yesterday`);
        expect([tooMany.status, badDate.status]).toEqual([400, 400]);
        expect(tooMany.body.error.details.fields.map((f: Json) => f.field)).toEqual(['limit']);
        expect(badDate.body.error.details.fields.map((f: Json) => f.field)).toEqual(['from']);
      });
    });
  });
});
