import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';
import { ApiClient, createTenant, uniqueName, type Tenant } from '../support/tenants';

/** Rate limits around authentication, each on a gateway of its own with small limits. */
describe('identity: rate limits (e2e over HTTP)', () => {
  let auth: RunningService;
  let gateway: RunningGateway;
  let tenant: Tenant;

  beforeAll(async () => {
    auth = await startService('auth');
    gateway = await startGateway({ RATE_LIMIT_PER_MINUTE: '100000' });
    tenant = await createTenant(gateway.url, bootstrapToken());
  });

  afterAll(async () => {
    await gateway?.app.close();
    await auth?.app.close();
  });

  describe('failed logins', () => {
    let limited: RunningGateway;
    beforeAll(async () => {
      limited = await startGateway({ LOGIN_FAILURES_PER_USER_PER_MINUTE: '3', LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '6' });
    });
    afterAll(() => limited?.app.close());

    it('are rate limited per username (429 with Retry-After, even with the right password), then per address', async () => {
      const client = new ApiClient(limited.url);
      const { username, password } = tenant.users.member;
      const attempt = (user: string, pass: string) => client.post('/auth/login', { username: user, password: pass });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await attempt(username, 'not my password, no')).status);
      expect(statuses).toEqual([401, 401, 401]);
      const blocked = await attempt(username, password);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

      const other = tenant.users.viewer;
      expect((await attempt(other.username, other.password)).status).toBe(200);
      for (let i = 0; i < 3; i++) await attempt(uniqueName('guess'), 'not my password, no');
      expect((await attempt(other.username, other.password)).status).toBe(429);
    });
  });

  describe('request rate limits', () => {
    it('apply before authentication: a flood of bad credentials is cut off without reaching auth', async () => {
      const limitedGateway = await startGateway({ RATE_LIMIT_PER_MINUTE: '2' });
      try {
        const client = new ApiClient(limitedGateway.url, 'flt_floodFloodFloodFloodFloodFloodFlood0000');
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await client.get('/me')).status);
        expect(statuses).toEqual([401, 401, 429]);
      } finally {
        await limitedGateway.app.close();
      }
    });
  });
});
