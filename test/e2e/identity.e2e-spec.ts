import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { query } from '@flotilla/common/testing';
import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';
import { OutputCapture } from '../support/output-capture';
import { ApiClient, createTenant, createToken, login, uniqueName, type ApiResponse, type Tenant } from '../support/tenants';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it answers `status`; gives up after `withinMs`. Answers the last status seen. */
async function statusWithin(withinMs: number, status: number, probe: () => Promise<ApiResponse>): Promise<number> {
  const deadline = Date.now() + withinMs;
  let seen = (await probe()).status;
  while (seen !== status && Date.now() < deadline) {
    await sleep(100);
    seen = (await probe()).status;
  }
  return seen;
}

describe('identity through the gateway (e2e over HTTP)', () => {
  let auth: RunningService;
  let gateway: RunningGateway;
  const output = new OutputCapture();
  /** Every answer any client of this suite got, for the secrets check at the end. */
  const answers: Array<{ method: string; path: string; text: string }> = [];
  /** Secrets this suite handled: none may appear in a log line, and in an answer only where created. */
  const secrets = { tokens: new Set<string>(), passwords: new Set<string>(), accessTokens: new Set<string>() };
  let anonymous: ApiClient;
  let admin: ApiClient;
  let acme: Tenant;
  let globex: Tenant;

  const remember = (tenant: Tenant) => {
    for (const user of Object.values(tenant.users)) {
      secrets.tokens.add(user.token);
      secrets.passwords.add(user.password);
    }
    return tenant;
  };

  beforeAll(async () => {
    output.start();
    auth = await startService('auth', { LOG_LEVEL: 'debug' });
    gateway = await startGateway({ LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '100000' });
    anonymous = new ApiClient(gateway.url).observed((answer, request) => answers.push({ ...request, text: answer.text }));
    admin = anonymous.as(bootstrapToken());
    secrets.tokens.add(bootstrapToken());
    const observer = (answer: ApiResponse, request: { method: string; path: string }) => answers.push({ ...request, text: answer.text });
    [acme, globex] = await Promise.all([createTenant(gateway.url, bootstrapToken(), { observer }), createTenant(gateway.url, bootstrapToken(), { observer })]);
    remember(acme);
    remember(globex);
  });

  afterAll(async () => {
    output.stop();
    await gateway?.app.close();
    await auth?.app.close();
  });

  const as = (token: string) => anonymous.as(token);

  describe('authentication', () => {
    it('the bootstrap token of the platform admin works', async () => {
      const { status, body } = await admin.get('/me');
      expect(status).toBe(200);
      expect(body).toMatchObject({ user: { username: 'admin', orgId: null }, organization: null, role: 'platform-admin', scopes: ['read', 'write'] });
    });

    it.each([
      ['no Authorization header', undefined],
      ['an unknown token', 'flt_thisTokenDoesNotExistAnywhereInFlotilla00'],
      ['a malformed JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad'],
    ])('refuses %s with 401 UNAUTHENTICATED and WWW-Authenticate: Bearer', async (_, token) => {
      const { status, body, headers } = await anonymous.as(token).get('/me');
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      expect(headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('refuses another scheme than Bearer', async () => {
      const response = await fetch(`${gateway.url}/api/v1/me`, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('health, docs, login and the system routes need no credential', async () => {
      expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${gateway.url}/docs`)).status).toBe(200);
      expect((await anonymous.get('/system/info')).status).toBe(200);
      expect((await anonymous.post('/auth/login', { username: 'nobody', password: 'nothing at all' })).status).toBe(401);
    });

    it('documents bearer auth on API routes and none on login', async () => {
      const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown }>>; security: unknown };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/me/tokens', '/api/v1/orgs/{orgId}/users/{userId}/role', '/api/v1/orgs/{orgId}/teams/{teamId}/members']),
      );
      expect(document.paths['/api/v1/auth/login'].post.security).toEqual([]);
      expect(document.security).toEqual([{ bearer: [] }]);
    });

    it('password login gives an access token that works as Bearer', async () => {
      const user = acme.users.member;
      const accessToken = await login(gateway.url, user.username, user.password);
      secrets.accessTokens.add(accessToken);
      const { status, body } = await as(accessToken).get('/me');
      expect(status).toBe(200);
      expect(body).toMatchObject({ user: { id: user.id }, organization: { id: acme.orgId }, role: 'member', scopes: ['read', 'write'] });
      expect(body.tokenId).toBeUndefined();
    });

    it('a wrong password is 401, like an unknown user', async () => {
      const wrong = await anonymous.post('/auth/login', { username: acme.users.viewer.username, password: 'wrong password, sorry' });
      const unknown = await anonymous.post('/auth/login', { username: uniqueName('ghost'), password: 'wrong password, sorry' });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body).toEqual(unknown.body);
    });
  });

  describe('GET /me and my tokens', () => {
    it('an org admin sees its organization and role, and only its organization', async () => {
      const me = await as(acme.tokens.orgAdmin).get('/me');
      expect(me.body).toMatchObject({ user: { id: acme.users.orgAdmin.id }, organization: { id: acme.orgId, name: acme.orgName }, role: 'org-admin', tokenId: expect.any(String) });
      const orgs = await as(acme.tokens.orgAdmin).get('/orgs');
      expect(orgs.body.map((o: { id: string }) => o.id)).toEqual([acme.orgId]);
    });

    it('lists my tokens without the token or any hash, and revokes them', async () => {
      const client = as(acme.tokens.member);
      const created = await createToken(client, ['read']);
      secrets.tokens.add(created.token);
      const listed = await client.get('/me/tokens');
      expect(listed.status).toBe(200);
      expect(listed.body.find((t: { id: string }) => t.id === created.id)).toMatchObject({ scopes: ['read'], prefix: created.token.slice(0, 12), revokedAt: null });
      expect(listed.text).not.toContain(created.token);
      expect(listed.text).not.toMatch(/hash/i);
      expect((await client.delete(`/me/tokens/${created.id}`)).status).toBe(204);
      expect((await as(acme.tokens.viewer).delete(`/me/tokens/${created.id}`)).status).toBe(404);
    });

    it('a read-scoped token reads but cannot mutate (403), whatever the role', async () => {
      const readOnly = await createToken(as(acme.tokens.orgAdmin), ['read']);
      secrets.tokens.add(readOnly.token);
      expect((await as(readOnly.token).get(`/orgs/${acme.orgId}/users`)).status).toBe(200);
      const refused = await as(readOnly.token).post(`/orgs/${acme.orgId}/teams`, { name: uniqueName('ro') });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect((await as(readOnly.token).post('/me/tokens', { name: 'escalate', scopes: ['write'] })).status).toBe(403);
      expect((await as(readOnly.token).delete(`/me/tokens/${readOnly.id}`)).status).toBe(403);
    });

    it('a revoked token is refused within a second', async () => {
      const victim = await createToken(as(acme.tokens.member));
      secrets.tokens.add(victim.token);
      expect((await as(victim.token).get('/me')).status).toBe(200); // now in the gateway's cache
      expect((await as(acme.tokens.member).delete(`/me/tokens/${victim.id}`)).status).toBe(204);
      const revokedAt = Date.now();
      expect(await statusWithin(1_500, 401, () => as(victim.token).get('/me'))).toBe(401);
      expect(Date.now() - revokedAt).toBeLessThan(1_500);
    });

    it('an org admin revokes a user’s token of its organization, not another organization’s', async () => {
      const victim = await createToken(as(acme.tokens.viewer));
      secrets.tokens.add(victim.token);
      const path = `/orgs/${acme.orgId}/users/${acme.users.viewer.id}/tokens`;
      expect((await as(globex.tokens.orgAdmin).get(path)).status).toBe(404);
      expect((await as(globex.tokens.orgAdmin).delete(`${path}/${victim.id}`)).status).toBe(404);
      expect((await as(acme.tokens.member).get(path)).status).toBe(403);
      const listed = await as(acme.tokens.orgAdmin).get(path);
      expect(listed.body.map((t: { id: string }) => t.id)).toContain(victim.id);
      expect((await as(acme.tokens.orgAdmin).delete(`${path}/${victim.id}`)).status).toBe(204);
      expect(await statusWithin(1_500, 401, () => as(victim.token).get('/me'))).toBe(401);
    });

    it('an expired token is refused', async () => {
      const shortLived = await createToken(as(acme.tokens.member), ['read'], new Date(Date.now() + 1_500).toISOString());
      secrets.tokens.add(shortLived.token);
      expect((await as(shortLived.token).get('/me')).status).toBe(200);
      await sleep(1_500);
      expect(await statusWithin(500, 401, () => as(shortLived.token).get('/me'))).toBe(401);
    });
  });

  describe('roles', () => {
    it('a viewer reads but cannot mutate (403)', async () => {
      const viewer = as(acme.tokens.viewer);
      expect((await viewer.get(`/orgs/${acme.orgId}/teams`)).status).toBe(200);
      expect((await viewer.get(`/orgs/${acme.orgId}/users`)).status).toBe(200);
      expect((await viewer.post(`/orgs/${acme.orgId}/teams`, { name: uniqueName('v') })).status).toBe(403);
      expect((await viewer.post(`/orgs/${acme.orgId}/users`, { username: uniqueName('v'), password: 'long enough password' })).status).toBe(403);
      expect((await viewer.patch(`/orgs/${acme.orgId}`, { displayName: 'mine' })).status).toBe(403);
    });

    it('a member cannot manage users or roles (403)', async () => {
      const member = as(acme.tokens.member);
      const target = acme.users.viewer.id;
      expect((await member.post(`/orgs/${acme.orgId}/users`, { username: uniqueName('m'), password: 'long enough password' })).status).toBe(403);
      expect((await member.patch(`/orgs/${acme.orgId}/users/${target}`, { displayName: 'x' })).status).toBe(403);
      expect((await member.patch(`/orgs/${acme.orgId}/users/${target}/role`, { role: 'org-admin' })).status).toBe(403);
      expect((await member.delete(`/orgs/${acme.orgId}/users/${target}`)).status).toBe(403);
      expect((await member.patch(`/orgs/${acme.orgId}/users/${acme.users.member.id}/role`, { role: 'org-admin' })).status).toBe(403);
    });

    it('an org admin manages teams, members and roles of its organization', async () => {
      const orgAdmin = as(acme.tokens.orgAdmin);
      const team = await orgAdmin.post(`/orgs/${acme.orgId}/teams`, { name: uniqueName('ml'), displayName: 'Machine learning' });
      expect(team.status).toBe(201);
      const members = await orgAdmin.post(`/orgs/${acme.orgId}/teams/${team.body.id}/members`, { userId: acme.users.member.id });
      expect(members.status).toBe(200);
      expect(members.body.map((u: { id: string }) => u.id)).toEqual([acme.users.member.id]);
      expect((await as(acme.tokens.member).get('/me')).body.teams.map((t: { id: string }) => t.id)).toContain(team.body.id);

      const user = await orgAdmin.post(`/orgs/${acme.orgId}/users`, { username: uniqueName('new'), password: 'a brand new passphrase' });
      secrets.passwords.add('a brand new passphrase');
      expect(user.body).toMatchObject({ role: 'member', orgId: acme.orgId, passwordSet: true });
      const role = await orgAdmin.patch(`/orgs/${acme.orgId}/users/${user.body.id}/role`, { role: 'viewer' });
      expect(role.body.role).toBe('viewer');
      expect((await orgAdmin.patch(`/orgs/${acme.orgId}/users/${acme.users.orgAdmin.id}/role`, { role: 'member' })).status).toBe(409);
      expect((await orgAdmin.delete(`/orgs/${acme.orgId}/users/${user.body.id}`)).status).toBe(204);
      expect((await orgAdmin.get(`/orgs/${acme.orgId}/users/${user.body.id}`)).status).toBe(404);
    });

    it('only platform admins create organizations', async () => {
      expect((await as(acme.tokens.orgAdmin).post('/orgs', { name: uniqueName('x') })).status).toBe(403);
      const created = await admin.post('/orgs', { name: uniqueName('x') });
      expect(created.status).toBe(201);
      expect((await admin.post('/orgs', { name: created.body.name })).status).toBe(409);
    });
  });

  describe('tenant isolation', () => {
    let globexTeamId: string;

    beforeAll(async () => {
      globexTeamId = (await as(globex.tokens.orgAdmin).post(`/orgs/${globex.orgId}/teams`, { name: uniqueName('secret') })).body.id;
    });

    it('another organization’s objects are 404 exactly like missing ones (GET, PATCH, DELETE)', async () => {
      const acmeAdmin = as(acme.tokens.orgAdmin);
      const missing = randomUUID();
      const pairs: Array<[string, string, string, unknown?]> = [
        ['GET', `/orgs/${globex.orgId}`, `/orgs/${missing}`],
        ['GET', `/orgs/${globex.orgId}/teams`, `/orgs/${missing}/teams`],
        ['GET', `/orgs/${globex.orgId}/teams/${globexTeamId}`, `/orgs/${missing}/teams/${missing}`],
        ['GET', `/orgs/${acme.orgId}/teams/${globexTeamId}`, `/orgs/${acme.orgId}/teams/${missing}`],
        ['PATCH', `/orgs/${globex.orgId}/teams/${globexTeamId}`, `/orgs/${missing}/teams/${missing}`, { displayName: 'pwned' }],
        ['DELETE', `/orgs/${acme.orgId}/teams/${globexTeamId}`, `/orgs/${acme.orgId}/teams/${missing}`],
        ['GET', `/orgs/${globex.orgId}/users/${globex.users.member.id}`, `/orgs/${missing}/users/${missing}`],
        ['GET', `/orgs/${acme.orgId}/users/${globex.users.member.id}`, `/orgs/${acme.orgId}/users/${missing}`],
        ['PATCH', `/orgs/${acme.orgId}/users/${globex.users.member.id}`, `/orgs/${acme.orgId}/users/${missing}`, { displayName: 'pwned' }],
        ['PATCH', `/orgs/${acme.orgId}/users/${globex.users.orgAdmin.id}/role`, `/orgs/${acme.orgId}/users/${missing}/role`, { role: 'viewer' }],
        ['DELETE', `/orgs/${acme.orgId}/users/${globex.users.viewer.id}`, `/orgs/${acme.orgId}/users/${missing}`],
        ['DELETE', `/orgs/${globex.orgId}/users/${globex.users.viewer.id}`, `/orgs/${missing}/users/${missing}`],
      ];
      for (const [method, theirs, absent, body] of pairs) {
        const other = await acmeAdmin.request<{ error: { code: string; details: { kind: string } } }>(method, theirs, body);
        const none = await acmeAdmin.request<{ error: { code: string; details: { kind: string } } }>(method, absent, body);
        expect([method, theirs, other.status, other.body.error.code]).toEqual([method, theirs, 404, 'NOT_FOUND']);
        expect(Object.keys(other.body.error).sort()).toEqual(Object.keys(none.body.error).sort());
        expect(other.body.error.details.kind).toBe(none.body.error.details.kind);
      }
      const stillThere = await as(globex.tokens.orgAdmin).get(`/orgs/${globex.orgId}/users/${globex.users.viewer.id}`);
      expect(stillThere.body).toMatchObject({ id: globex.users.viewer.id, role: 'viewer' });
      expect((await as(globex.tokens.orgAdmin).get(`/orgs/${globex.orgId}/teams/${globexTeamId}`)).body.displayName).not.toBe('pwned');
    });

    it('an organization id in a body never moves an object to another organization', async () => {
      const name = uniqueName('smuggled');
      const refused = await as(acme.tokens.orgAdmin).post(`/orgs/${acme.orgId}/teams`, { name, orgId: globex.orgId });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['orgId']);
      const user = await as(acme.tokens.orgAdmin).post(`/orgs/${acme.orgId}/users`, { username: name, orgId: globex.orgId, role: 'org-admin' });
      expect(user.status).toBe(400);
      const globexTeams = await admin.get(`/orgs/${globex.orgId}/teams`);
      expect(globexTeams.body.map((t: { name: string }) => t.name)).not.toContain(name);
      const globexUsers = await admin.get(`/orgs/${globex.orgId}/users`);
      expect(globexUsers.body.map((u: { username: string }) => u.username)).not.toContain(name);
    });

    it('a platform admin reaches every organization', async () => {
      const orgs = await admin.get('/orgs');
      expect(orgs.body.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([acme.orgId, globex.orgId]));
      expect((await admin.get(`/orgs/${globex.orgId}/teams/${globexTeamId}`)).status).toBe(200);
    });
  });

  describe('secrets', () => {
    it('no answer ever held a token except at its creation, nor a password, a hash or the JWT key', async () => {
      const [setting] = await query<{ value: string }>(inject('databaseUrl'), "SELECT value FROM auth.settings WHERE key = 'jwt_secret'");
      const everything = answers.map((a) => a.text).join('\n');
      for (const token of secrets.tokens) {
        const shownIn = answers.filter((a) => a.text.includes(token));
        expect(shownIn.every((a) => a.method === 'POST' && a.path === '/me/tokens'), `token ${token.slice(0, 8)} shown in ${shownIn.map((a) => a.path)}`).toBe(true);
        expect(shownIn.length).toBeLessThanOrEqual(1);
      }
      for (const password of secrets.passwords) expect(everything).not.toContain(password);
      expect(everything).not.toMatch(/hash/i);
      expect(everything).not.toContain('$argon2');
      if (setting) expect(everything).not.toContain(setting.value);
      expect(answers.length).toBeGreaterThan(50);
    });

    it('no log line of the gateway or auth held a token, a password, an access token or the JWT key', async () => {
      const [setting] = await query<{ value: string }>(inject('databaseUrl'), "SELECT value FROM auth.settings WHERE key = 'jwt_secret'");
      const logs = output.text;
      expect(logs).toContain('"service":"gateway"'); // the capture works: debug lines of both apps are in it
      expect(logs).toContain('"service":"auth"');
      for (const secret of [...secrets.tokens, ...secrets.passwords, ...secrets.accessTokens]) expect(logs).not.toContain(secret);
      expect(logs).not.toContain('$argon2');
      if (setting) expect(logs).not.toContain(setting.value);
    });
  });
});
