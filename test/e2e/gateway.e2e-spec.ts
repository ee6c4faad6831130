import { validate, compileErrors } from '@readme/openapi-parser';
import { connect, type NatsConnection } from 'nats';
import { inject } from 'vitest';
import { SERVICE_NAMES } from '@flotilla/contracts';
import { startGateway, startService, type RunningGateway, type RunningService } from '../support/platform';

const REQUEST_TIMEOUT = AbortSignal.timeout.bind(AbortSignal);

async function call(base: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, { signal: REQUEST_TIMEOUT(20_000), ...init });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('gateway (e2e over HTTP, real NATS and Postgres)', () => {
  let gateway: RunningGateway;
  let services: RunningService[];

  beforeAll(async () => {
    services = await Promise.all(SERVICE_NAMES.map((name) => startService(name)));
    gateway = await startGateway({ NATS_REQUEST_TIMEOUT_MS: '1500', BODY_LIMIT_BYTES: '4096' });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all((services ?? []).map((s) => s.app.close()));
  });

  describe('health', () => {
    it('is ready when NATS, Postgres and every service answer', async () => {
      const { status, body } = await call(gateway.url, '/health');
      expect(status).toBe(200);
      expect(Object.keys(body.details).sort()).toEqual(['database', 'nats', ...SERVICE_NAMES].sort());
      expect(Object.values(body.details).every((d) => (d as { status: string }).status === 'up')).toBe(true);
    });

    it('reports liveness without touching dependencies', async () => {
      expect((await call(gateway.url, '/health/live')).status).toBe(200);
    });

    it('each service serves its own readiness and metrics', async () => {
      for (const service of services) {
        const health = await call(service.healthUrl.replace(/\/health$/, ''), '/health/ready');
        expect(health.body.details).toMatchObject({ database: { status: 'up' }, nats: { status: 'up' } });
        const metrics = await call(service.healthUrl.replace(/\/health$/, ''), '/metrics');
        expect(metrics.body).toContain('flotilla_nats_handler_duration_seconds');
      }
    });
  });

  describe('system info, end to end through NATS to each service and its schema', () => {
    it('lists every service as up with its version and newest migration', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/info');
      expect(status).toBe(200);
      expect(body.services.map((s: { service: string }) => s.service)).toEqual([...SERVICE_NAMES]);
      for (const service of body.services) {
        expect(service).toMatchObject({ status: 'up', version: body.version });
        expect(service.latestMigration).toMatch(/^[A-Za-z]+\d{13}$/);
      }
    });

    it('answers one service with the schema it owns', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/services/registry');
      expect(status).toBe(200);
      expect(body).toMatchObject({ service: 'registry', schema: 'registry' });
    });
  });

  describe('OpenAPI and Swagger UI', () => {
    it('serves a valid OpenAPI 3 document with bearer auth', async () => {
      const { status, body } = await call(gateway.url, '/openapi.json');
      expect(status).toBe(200);
      expect(body.openapi).toMatch(/^3\./);
      const result = await validate(structuredClone(body));
      expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
      expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/system/info', '/api/v1/system/ping']));
      expect(Object.keys(body.paths)).not.toContain('/metrics');
    });

    it('serves the Swagger UI page and its assets', async () => {
      const page = await call(gateway.url, '/docs');
      expect(page.status).toBe(200);
      expect(page.body).toContain('swagger-ui');
      const init = await call(gateway.url, '/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      expect(init.body).toContain('/api/v1/system/info');
    });
  });

  describe('errors, always in one shape', () => {
    it('unknown route is 404 NOT_FOUND', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/no-such-thing');
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    });

    it('malformed JSON is 400', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/ping', json('{"service": "auth",'));
      expect(status).toBe(400);
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toMatch(/JSON/);
    });

    it('wrong types and unknown fields are 400 naming each field', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/ping', json('{"service": 42, "timeoutMs": "soon", "orgId": "x"}'));
      expect(status).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      const fields = body.error.details.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['orgId', 'service', 'timeoutMs']);
    });

    it('an invalid path parameter is 400 naming it', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/services/nonsense');
      expect(status).toBe(400);
      expect(body.error.details.fields[0].field).toBe('name');
    });

    it('a body over the limit is 413', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/ping', json(JSON.stringify({ service: 'auth', pad: 'x'.repeat(8192) })));
      expect(status).toBe(413);
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('an unsupported content type is 415', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/ping', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<ping/>' });
      expect(status).toBe(415);
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('a valid ping answers with the round trip', async () => {
      const { status, body } = await call(gateway.url, '/api/v1/system/ping', json('{"service": "cost", "timeoutMs": 2000}'));
      expect(status).toBe(200);
      expect(body).toMatchObject({ service: 'cost', version: expect.any(String), roundTripMs: expect.any(Number) });
    });
  });

  describe('request id', () => {
    let nats: NatsConnection;
    beforeAll(async () => {
      nats = await connect({ servers: inject('natsUrl') });
    });
    afterAll(() => nats.close());

    it('echoes the caller’s id and passes it to the service over NATS headers', async () => {
      const seen = nats.subscribe('auth.system.info', { max: 1 });
      await nats.flush(); // the server knows the subscription before the request goes out
      const { headers } = await call(gateway.url, '/api/v1/system/services/auth', { headers: { 'x-request-id': 'e2e-trace-42' } });
      expect(headers.get('x-request-id')).toBe('e2e-trace-42');
      for await (const message of seen) expect(message.headers?.get('x-request-id')).toBe('e2e-trace-42');
    });

    it('makes one up when none (or an unsafe one) is given', async () => {
      const plain = await call(gateway.url, '/health/live');
      expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const unsafe = await call(gateway.url, '/health/live', { headers: { 'x-request-id': 'bad id\twith spaces' } });
      expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('rate limiting', () => {
    it('answers 429 in the error shape once a client exceeds its budget', async () => {
      const limited = await startGateway({ RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await call(limited.url, '/api/v1/system/services/auth')).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const { body, headers } = await call(limited.url, '/api/v1/system/services/auth');
        expect(body.error.code).toBe('RATE_LIMITED');
        expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await call(limited.url, '/health/live')).status).toBe(200);
      } finally {
        await limited.app.close();
      }
    });
  });

  describe('a service that is down or hung', () => {
    it('a hung service (subscribed, never answering) is 504 SERVICE_TIMEOUT, not a hang', async () => {
      const sync = services.find((s) => s.name === 'sync')!;
      await sync.app.close();
      services = services.filter((s) => s !== sync);
      const nats = await connect({ servers: inject('natsUrl') });
      try {
        const blackHole = nats.subscribe('sync.system.info', { queue: 'sync' });
        await nats.flush();
        const { status, body } = await call(gateway.url, '/api/v1/system/ping', json('{"service": "sync", "timeoutMs": 300}'));
        expect(blackHole.getReceived()).toBeGreaterThan(0);
        expect(status).toBe(504);
        expect(body.error).toMatchObject({ code: 'SERVICE_TIMEOUT', details: { service: 'sync' } });
      } finally {
        await nats.close();
      }
    });

    it('a stopped service is 503 SERVICE_UNAVAILABLE at once, and health says which', async () => {
      const cost = services.find((s) => s.name === 'cost')!;
      await cost.app.close();
      services = services.filter((s) => s !== cost);

      const one = await call(gateway.url, '/api/v1/system/services/cost');
      expect(one.status).toBe(503);
      expect(one.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { service: 'cost' } });

      const all = await call(gateway.url, '/api/v1/system/info');
      expect(all.status).toBe(200);
      expect(all.body.services.find((s: { service: string }) => s.service === 'cost')).toMatchObject({ status: 'down', error: { code: 'SERVICE_UNAVAILABLE' } });

      const health = await call(gateway.url, '/health');
      expect(health.status).toBe(503);
      expect(health.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'not ready: sync, cost' });
      expect(health.body.error.details.error).toHaveProperty('cost');
      expect(health.body.error.details.info).toHaveProperty('auth');
    });
  });
});
