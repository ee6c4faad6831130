import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import { register, type Counter } from 'prom-client';
import { inject } from 'vitest';
import {
  AUDIT_EVENTS,
  AUDIT_SUBJECTS,
  Role,
  TokenScope,
  type AuditEventDto,
  type AuditEventPageDto,
  type IdentityDto,
  type ListAuditEventsQueryDto,
} from '@flotilla/contracts';
import { bootstrapService, DomainException, loadConfig, NatsRequester, RequestContext, type StartedService } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { AuthConfig } from '../auth.config';
import { AuthModule } from '../auth.module';

const encoder = new TextEncoder();

function event(overrides: Partial<AuditEventDto> = {}): AuditEventDto {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    requestId: randomUUID(),
    userId: randomUUID(),
    orgId: randomUUID(),
    role: Role.Member,
    tokenId: 'tok_1',
    action: 'users.create',
    method: 'POST',
    route: '/api/v1/orgs/{orgId}/users',
    target: {},
    status: 201,
    errorCode: null,
    clientIp: '127.0.0.1',
    userAgent: 'vitest',
    durationMs: 3,
    ...overrides,
  };
}

function identity(role: Role, orgId: string | null): IdentityDto {
  return { userId: randomUUID(), orgId, role, teamIds: [], scopes: [TokenScope.Read] };
}

const platformAdmin = identity(Role.PlatformAdmin, null);

function droppedInvalid(): Promise<number> {
  const metric = register.getSingleMetric('flotilla_audit_dropped_total') as Counter<'reason'>;
  return metric.get().then((m) => m.values.find((v) => v.labels.reason === 'invalid')?.value ?? 0);
}

/** The audit context of a real auth service: records through JetStream, listed over NATS. */
describe('audit log (auth service over NATS and JetStream)', () => {
  let service: StartedService | undefined;
  let nats: NatsConnection;
  let js: JetStreamClient;
  let requester: NatsRequester;
  // a platform admin token of our own keeps auth's first start from printing a random one
  const bootstrapToken = `flt_${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}`;

  const startAuth = async () => {
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'silent', HEALTH_PORT: '0', FLOTILLA_BOOTSTRAP_TOKEN: bootstrapToken };
    const config = loadConfig(AuthConfig, env);
    service = await bootstrapService(AuthModule.register(config), 'auth', config, { handleSignals: false });
  };

  beforeAll(async () => {
    await startAuth();
    nats = await connect({ servers: inject('natsUrl') });
    js = nats.jetstream();
    requester = new NatsRequester(nats, 5_000);
  });

  afterAll(async () => {
    await service?.app.close();
    await nats?.close();
  });

  const publish = (record: unknown, msgID = (record as { id?: string }).id ?? randomUUID()) =>
    js.publish(AUDIT_EVENTS.requestCompleted, encoder.encode(JSON.stringify(record)), { msgID });

  const list = (caller: IdentityDto | undefined, filter: ListAuditEventsQueryDto = {}) =>
    RequestContext.run({ requestId: randomUUID(), identity: caller }, () => requester.request<AuditEventPageDto>(AUDIT_SUBJECTS.list, filter));

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: DomainException) => error.toDto());

  /** Publishes the events and waits until the log holds them all. */
  async function record(...events: AuditEventDto[]): Promise<void> {
    for (const e of events) await publish(e);
    const ids = events.map((e) => e.id);
    await vi.waitFor(
      async () => {
        const rows = await query<{ n: number }>(inject('databaseUrl'), 'SELECT count(*)::int AS n FROM auth.audit_log WHERE id = ANY($1::uuid[])', [ids]);
        expect(rows[0]!.n).toBe(ids.length);
      },
      { timeout: 10_000, interval: 50 },
    );
  }

  it('stores a published record and lists it with every field', async () => {
    const e = event({ target: { orgId: 'o-1', userId: 'u-1' }, status: 403, errorCode: 'FORBIDDEN', role: Role.Viewer });
    await record(e);
    const page = await list(platformAdmin, { orgId: e.orgId! });
    expect(page).toEqual({ items: [e], nextCursor: null });
  });

  it('stores a record once, however often it is delivered', async () => {
    const e = event();
    await publish(e);
    await publish(e); // same Nats-Msg-Id: the stream drops it
    await publish(e, randomUUID()); // a new msg id gets past the stream: the log still keeps one
    await record(e);
    await vi.waitFor(async () => {
      const info = await (await nats.jetstreamManager()).consumers.info('FLOTILLA_AUDIT', 'auth-audit-log');
      expect(info.num_pending + info.num_ack_pending).toBe(0);
    });
    expect((await list(platformAdmin, { orgId: e.orgId! })).items).toHaveLength(1);
  });

  it('drops a malformed record, counts it, and keeps consuming', async () => {
    const before = await droppedInvalid();
    await publish({ id: randomUUID(), action: 'x', password: 'hunter2' });
    const next = event();
    await record(next);
    await vi.waitFor(async () => expect(await droppedInvalid()).toBe(before + 1));
  });

  it('keeps records published while the auth service is down and stores them when it is back', async () => {
    await service!.app.close();
    service = undefined;
    const e = event();
    await publish(e);
    await startAuth();
    await record(e);
  });

  describe('paging', () => {
    it('pages newest first with a cursor, through ties on time, without gaps or repeats', async () => {
      const orgId = randomUUID();
      const base = Date.parse('2024-05-01T12:00:00.000Z');
      const events = [0, 1, 2, 2, 2, 3, 4].map((minute) => event({ orgId, occurredAt: new Date(base + minute * 60_000).toISOString() }));
      await record(...events);

      const seen: AuditEventDto[] = [];
      let cursor: string | undefined;
      const sizes: number[] = [];
      do {
        const page = await list(platformAdmin, { orgId, limit: 3, cursor });
        sizes.push(page.items.length);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);

      expect(sizes).toEqual([3, 3, 1]);
      expect(new Set(seen.map((e) => e.id)).size).toBe(7);
      const times = seen.map((e) => e.occurredAt);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('refuses a page over 200, a cursor not of ours and a date that is not one, naming the field', async () => {
      const fields = async (filter: Record<string, unknown>) =>
        ((await failure(list(platformAdmin, filter as ListAuditEventsQueryDto)))?.details?.fields as Array<{ field: string }>).map((f) => f.field);
      expect(await fields({ limit: 1000 })).toEqual(['limit']);
      expect(await fields({ cursor: 'not-a-cursor' })).toEqual(['cursor']);
      expect(await fields({ from: 'yesterday' })).toEqual(['from']);
      expect(await fields({ result: 'maybe' })).toEqual(['result']);
    });
  });

  describe('filters', () => {
    const orgId = randomUUID();
    const alice = randomUUID();
    const bob = randomUUID();
    const t = (minute: number) => new Date(Date.parse('2024-06-01T00:00:00.000Z') + minute * 60_000).toISOString();
    const created = event({ orgId, userId: alice, action: 'users.create', status: 201, occurredAt: t(0), target: { orgId } });
    const roleSet = event({ orgId, userId: alice, action: 'users.role.update', status: 200, occurredAt: t(1), target: { orgId, userId: 'u-42' } });
    const refused = event({ orgId, userId: bob, action: 'users.delete', status: 403, errorCode: 'FORBIDDEN', occurredAt: t(2), target: { orgId, userId: 'u-42' } });
    const missing = event({ orgId, userId: bob, action: 'quotas.update', status: 404, errorCode: 'NOT_FOUND', occurredAt: t(3), target: { orgId } });

    beforeAll(() => record(created, roleSet, refused, missing));

    const ids = async (filter: ListAuditEventsQueryDto) => (await list(platformAdmin, { orgId, ...filter })).items.map((e) => e.id);

    it.each([
      ['user', { userId: bob }, [missing, refused]],
      ['action', { action: 'users.create' }, [created]],
      ['action prefix', { action: 'users.*' }, [refused, roleSet, created]],
      ['failures', { result: 'failure' }, [missing, refused]],
      ['successes', { result: 'success' }, [roleSet, created]],
      ['status', { status: 403 }, [refused]],
      ['time range', { from: t(1), to: t(3) }, [refused, roleSet]],
      ['target id', { targetId: 'u-42' }, [refused, roleSet]],
      ['request id', { requestId: created.requestId }, [created]],
      ['several at once', { userId: alice, result: 'success', from: t(1) }, [roleSet]],
    ] as Array<[string, ListAuditEventsQueryDto, AuditEventDto[]]>)('by %s', async (_name, filter, expected) => {
      expect(await ids(filter)).toEqual(expected.map((e) => e.id));
    });
  });

  describe('who sees what', () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const inA = event({ orgId: orgA });
    const inB = event({ orgId: orgB });
    const anonymous = event({ orgId: null, userId: null, role: null, tokenId: null, action: 'auth.login', status: 401, errorCode: 'UNAUTHENTICATED' });

    beforeAll(() => record(inA, inB, anonymous));

    it('an org admin sees only their own organization, whatever they ask for', async () => {
      const adminA = identity(Role.OrgAdmin, orgA);
      const own = await list(adminA, { limit: 200 });
      expect(own.items.map((e) => e.orgId)).toEqual(own.items.map(() => orgA));
      expect(own.items.map((e) => e.id)).toContain(inA.id);
      expect((await list(adminA, { orgId: orgA })).items.map((e) => e.id)).toEqual([inA.id]);
    });

    it("another organization's log is NOT_FOUND, exactly like one that does not exist", async () => {
      const adminA = identity(Role.OrgAdmin, orgA);
      expect(await failure(list(adminA, { orgId: orgB }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await failure(list(adminA, { orgId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await failure(list(identity(Role.Member, orgB), { orgId: orgA }))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('members and viewers are FORBIDDEN, the unauthenticated UNAUTHENTICATED', async () => {
      expect(await failure(list(identity(Role.Member, orgA), { orgId: orgA }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(list(identity(Role.Viewer, orgA)))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(list(undefined))).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('a platform admin sees every organization and anonymous attempts, or one organization', async () => {
      const all = await list(platformAdmin, { limit: 200, from: inA.occurredAt });
      expect(all.items.map((e) => e.id)).toEqual(expect.arrayContaining([inA.id, inB.id, anonymous.id]));
      expect((await list(platformAdmin, { orgId: orgB })).items.map((e) => e.id)).toEqual([inB.id]);
    });
  });
});
