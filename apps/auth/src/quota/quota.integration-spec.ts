import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { QUOTA_SUBJECTS, ReservationState, type QuotaDto, type QuotaReservationDto, type QuotaReservationPageDto } from '@flotilla/contracts';
import { query } from '@flotilla/common/testing';
import { as, failure, platformAdmin, seedTenant, startQuotaService, type QuotaService, type SeededTenant } from './testing/quota-harness';
import { QuotaReaper } from './quota.reaper';

/** The quota ledger over NATS, against the real auth service and Postgres. */
describe('quota ledger over NATS', () => {
  let sut: QuotaService;
  let tenant: SeededTenant;
  const admin = platformAdmin();

  const ask = <T>(identity: Parameters<typeof as>[0], subject: string, payload: unknown) => as(identity, () => sut.requester.request<T>(subject, payload));
  const resource = (quota: QuotaDto, name: string) => quota.resources.find((r) => r.resource === name)!;
  const reserve = (identity: Parameters<typeof as>[0], amounts: Record<string, string>, extra: Record<string, unknown> = {}) =>
    ask<QuotaReservationDto>(identity, QUOTA_SUBJECTS.reserve, { owner: { orgId: tenant.orgId }, amounts, idempotencyKey: randomUUID(), ...extra });

  beforeAll(async () => {
    sut = await startQuotaService(10_000);
    await sut.service.app.get(QuotaReaper).stop();
  });

  afterAll(async () => {
    await sut?.close();
  });

  beforeEach(async () => {
    tenant = await seedTenant();
  });

  describe('limits', () => {
    it('lists every standard resource as unlimited before any limit is set', async () => {
      const quota = await ask<QuotaDto>(tenant.viewer, QUOTA_SUBJECTS.get, { orgId: tenant.orgId });
      expect(quota.resources.map((r) => r.resource)).toEqual(['cpu', 'memory', 'ephemeral-storage', 'storage', 'workloads']);
      expect(resource(quota, 'cpu')).toEqual({
        resource: 'cpu', unit: 'millicores', hard: null, used: { quantity: '0', value: '0' }, reserved: { quantity: '0', value: '0' }, available: null, overLimit: false,
      });
    });

    it('a platform admin sets the organization quota in quantities and reads exact integers back', async () => {
      const quota = await ask<QuotaDto>(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '1500m', memory: '0.5Gi', 'nvidia.com/mig-1g.10gb': '2' } });
      expect(resource(quota, 'cpu').hard).toEqual({ quantity: '1500m', value: '1500' });
      expect(resource(quota, 'memory').hard).toEqual({ quantity: '512Mi', value: '536870912' });
      expect(resource(quota, 'nvidia.com/mig-1g.10gb')).toMatchObject({ unit: 'count', hard: { quantity: '2', value: '2' } });
      const cleared = await ask<QuotaDto>(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '2' } });
      expect(resource(cleared, 'memory').hard).toBeNull();
    });

    it('refuses a bad quantity naming the field', async () => {
      const error = await failure(ask(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { memory: '1GB', cpu: '1', 'nvidia.com/gpu': '0.5' } }));
      expect(error.code).toBe('VALIDATION_FAILED');
      const fields = (error.details!.fields as Array<{ field: string }>).map((f) => f.field);
      expect(fields).toEqual(['hard.memory', 'hard.nvidia.com/gpu']);
    });

    it('org admins set team and user quotas but not the organization’s; members and viewers set none', async () => {
      await ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, teamId: tenant.teamId, hard: { cpu: '4' } });
      await ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, userId: tenant.member.userId, hard: { cpu: '1' } });
      expect((await failure(ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '4' } }))).code).toBe('FORBIDDEN');
      expect((await failure(ask(tenant.member, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, teamId: tenant.teamId, hard: { cpu: '4' } }))).code).toBe('FORBIDDEN');
      expect((await failure(ask(tenant.viewer, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, teamId: tenant.teamId, hard: {} }))).code).toBe('FORBIDDEN');
    });

    it('another organization’s quota, team or user is NOT_FOUND, like a missing one', async () => {
      const other = await seedTenant();
      for (const payload of [{ orgId: other.orgId }, { orgId: other.orgId, teamId: other.teamId }, { orgId: tenant.orgId, teamId: other.teamId }, { orgId: tenant.orgId, userId: randomUUID() }]) {
        expect((await failure(ask(tenant.orgAdmin, QUOTA_SUBJECTS.get, payload))).code).toBe('NOT_FOUND');
      }
      expect((await failure(ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: other.orgId, teamId: other.teamId, hard: {} }))).code).toBe('NOT_FOUND');
      expect((await failure(ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, teamId: other.teamId, hard: { cpu: '1' } }))).code).toBe('NOT_FOUND');
    });
  });

  describe('reservations', () => {
    it('checks user, team and organization limits; QUOTA_EXCEEDED names the scope and what is available', async () => {
      await ask(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '10', memory: '8Gi' } });
      await ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, teamId: tenant.teamId, hard: { memory: '3Gi' } });
      await ask(tenant.orgAdmin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, userId: tenant.member.userId, hard: { cpu: '1' } });
      const first = await reserve(tenant.member, { cpu: '500m', memory: '2Gi' }, { owner: { teamId: tenant.teamId } });
      expect(first).toMatchObject({ state: 'reserved', userId: tenant.member.userId, teamId: tenant.teamId, replayed: false });
      expect(first.amounts.memory).toEqual({ quantity: '2Gi', value: '2147483648' });
      const error = await failure(reserve(tenant.member, { cpu: '600m', memory: '2Gi' }, { owner: { teamId: tenant.teamId } }));
      expect(error.code).toBe('QUOTA_EXCEEDED');
      expect(error.details!.violations).toEqual([
        expect.objectContaining({ scope: 'team', scopeId: tenant.teamId, resource: 'memory', requested: { quantity: '2Gi', value: '2147483648' }, available: { quantity: '1Gi', value: '1073741824' } }),
        expect.objectContaining({ scope: 'user', scopeId: tenant.member.userId, resource: 'cpu', requested: { quantity: '600m', value: '600' }, available: { quantity: '500m', value: '500' } }),
      ]);
      const org = await ask<QuotaDto>(tenant.viewer, QUOTA_SUBJECTS.get, { orgId: tenant.orgId });
      expect(resource(org, 'cpu')).toMatchObject({ reserved: { value: '500' }, used: { value: '0' }, available: { quantity: '9500m', value: '9500' } });
    });

    it('commit moves reserved to used; release frees it; both are idempotent and emit quota.changed', async () => {
      const r = await reserve(tenant.member, { cpu: '250m', workloads: '1' });
      const committed = await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: r.id });
      expect(committed.state).toBe(ReservationState.Committed);
      expect((await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: r.id })).state).toBe('committed');
      let user = await ask<QuotaDto>(tenant.member, QUOTA_SUBJECTS.get, { orgId: tenant.orgId, userId: tenant.member.userId });
      expect(resource(user, 'cpu')).toMatchObject({ used: { value: '250' }, reserved: { value: '0' } });
      expect(resource(user, 'workloads')).toMatchObject({ used: { quantity: '1', value: '1' } });
      await ask(tenant.member, QUOTA_SUBJECTS.release, { orgId: tenant.orgId, reservationId: r.id });
      const again = await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.release, { orgId: tenant.orgId, reservationId: r.id });
      expect(again.state).toBe(ReservationState.Released);
      user = await ask<QuotaDto>(tenant.member, QUOTA_SUBJECTS.get, { orgId: tenant.orgId, userId: tenant.member.userId });
      expect(resource(user, 'cpu')).toMatchObject({ used: { value: '0' }, reserved: { value: '0' } });
      const events = await query<{ reason: string }>(inject('databaseUrl'), `SELECT payload->>'reason' AS reason FROM auth.outbox WHERE subject = 'quota.changed' AND payload->>'reservationId' = $1 ORDER BY created_at`, [r.id]);
      expect(events.map((e) => e.reason)).toEqual(['reserved', 'committed', 'released']);
      expect((await failure(ask(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: r.id }))).code).toBe('CONFLICT');
    });

    it('the same idempotency key answers the same reservation, even after commit; another request is IDEMPOTENCY_MISMATCH', async () => {
      const key = `wl-${randomUUID()}`;
      const first = await reserve(tenant.member, { cpu: '1', memory: '1Gi' }, { idempotencyKey: key });
      const replay = await reserve(tenant.member, { memory: '1024Mi', cpu: '1000m' }, { idempotencyKey: key });
      expect(replay).toMatchObject({ id: first.id, replayed: true });
      await ask(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: first.id });
      expect(await reserve(tenant.member, { cpu: '1', memory: '1Gi' }, { idempotencyKey: key })).toMatchObject({ id: first.id, state: 'committed' });
      const mismatch = await failure(reserve(tenant.member, { cpu: '2', memory: '1Gi' }, { idempotencyKey: key }));
      expect(mismatch).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', details: { reservationId: first.id } });
      const user = await ask<QuotaDto>(tenant.member, QUOTA_SUBJECTS.get, { orgId: tenant.orgId, userId: tenant.member.userId });
      expect(resource(user, 'cpu').used.value).toBe('1000');
    });

    it('a limit lowered below use reports overLimit and refuses new reservations of that resource', async () => {
      await ask(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '2' } });
      const r = await reserve(tenant.member, { cpu: '1500m' });
      await ask(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: r.id });
      const lowered = await ask<QuotaDto>(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '1' } });
      expect(lowered.overLimit).toBe(true);
      expect(resource(lowered, 'cpu')).toMatchObject({ overLimit: true, available: { value: '0' }, used: { value: '1500' } });
      expect((await failure(reserve(tenant.member, { cpu: '1m' }))).code).toBe('QUOTA_EXCEEDED');
      await reserve(tenant.member, { memory: '1Gi' });
    });

    it('authorizes on the identity: viewers and read-only credentials cannot reserve; members only for themselves', async () => {
      expect((await failure(reserve(tenant.viewer, { cpu: '1' }))).code).toBe('FORBIDDEN');
      expect((await failure(reserve(tenant.readOnlyMember, { cpu: '1' }))).code).toBe('FORBIDDEN');
      expect((await failure(reserve(tenant.member, { cpu: '1' }, { owner: { userId: tenant.orgAdmin.userId } }))).code).toBe('FORBIDDEN');
      expect((await failure(reserve(tenant.member, { cpu: '1' }, { owner: { teamId: tenant.otherTeamId } }))).code).toBe('FORBIDDEN');
      const other = await seedTenant();
      expect((await failure(reserve(tenant.member, { cpu: '1' }, { owner: { orgId: other.orgId } }))).code).toBe('NOT_FOUND');
      const forMember = await reserve(tenant.orgAdmin, { cpu: '1' }, { owner: { userId: tenant.member.userId, teamId: tenant.otherTeamId } });
      expect(forMember).toMatchObject({ userId: tenant.member.userId, teamId: tenant.otherTeamId, createdBy: tenant.orgAdmin.userId });
      const byAdmin = await ask<QuotaReservationDto>(admin, QUOTA_SUBJECTS.reserve, { owner: { orgId: tenant.orgId }, amounts: { cpu: '1' }, idempotencyKey: 'k' });
      expect(byAdmin.userId).toBeNull();
      expect((await failure(ask(other.orgAdmin, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: byAdmin.id }))).code).toBe('NOT_FOUND');
      expect((await failure(ask(other.orgAdmin, QUOTA_SUBJECTS.commit, { orgId: other.orgId, reservationId: byAdmin.id }))).code).toBe('NOT_FOUND');
      expect((await failure(ask(tenant.member, QUOTA_SUBJECTS.release, { orgId: tenant.orgId, reservationId: byAdmin.id }))).code).toBe('NOT_FOUND');
    });

    it('charges the caller in its own organization when no owner is named', async () => {
      const mine = await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.reserve, { amounts: { cpu: '1' }, idempotencyKey: randomUUID() });
      expect(mine).toMatchObject({ orgId: tenant.orgId, userId: tenant.member.userId, teamId: null });
      const unknown = await failure(ask(tenant.member, QUOTA_SUBJECTS.reserve, { amounts: { cpu: '1' }, idempotencyKey: randomUUID(), owner: { orgId: tenant.orgId, extra: 1 } }));
      expect(unknown.code).toBe('VALIDATION_FAILED');
    });

    it('refuses bad input naming the field', async () => {
      const error = await failure(reserve(tenant.member, { cpu: '1', 'kubernetes.io/gpu': '1', memory: ' 1Gi' }));
      expect((error.details!.fields as Array<{ field: string }>).map((f) => f.field)).toEqual(['amounts.kubernetes.io/gpu', 'amounts.memory']);
      expect((await failure(reserve(tenant.member, { cpu: '0' }))).code).toBe('VALIDATION_FAILED');
      const ttl = await failure(reserve(tenant.member, { cpu: '1' }, { ttlSeconds: 0 }));
      expect((ttl.details!.fields as Array<{ field: string }>)[0].field).toBe('ttlSeconds');
    });

    it('admins list reservations newest first with a state filter and pages; members may not', async () => {
      const made: QuotaReservationDto[] = [];
      for (let i = 0; i < 5; i++) made.push(await reserve(tenant.member, { cpu: '100m' }));
      await ask(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: made[0].id });
      const page1 = await ask<QuotaReservationPageDto>(tenant.orgAdmin, QUOTA_SUBJECTS.reservationList, { orgId: tenant.orgId, limit: 3 });
      const page2 = await ask<QuotaReservationPageDto>(tenant.orgAdmin, QUOTA_SUBJECTS.reservationList, { orgId: tenant.orgId, limit: 3, cursor: page1.nextCursor });
      expect([...page1.items, ...page2.items].map((r) => r.id)).toEqual(made.map((r) => r.id).reverse());
      expect(page2.nextCursor).toBeNull();
      const committed = await ask<QuotaReservationPageDto>(tenant.orgAdmin, QUOTA_SUBJECTS.reservationList, { orgId: tenant.orgId, state: 'committed' });
      expect(committed.items.map((r) => r.id)).toEqual([made[0].id]);
      expect((await failure(ask(tenant.member, QUOTA_SUBJECTS.reservationList, { orgId: tenant.orgId }))).code).toBe('FORBIDDEN');
      expect((await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.reservationGet, { orgId: tenant.orgId, reservationId: made[1].id })).id).toBe(made[1].id);
    });
  });

  describe('expiry', () => {
    it('the reaper expires a reservation not committed within its ttl and frees its amounts', async () => {
      await ask(admin, QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { cpu: '1' } });
      const short = await reserve(tenant.member, { cpu: '1' }, { ttlSeconds: 1 });
      const kept = await reserve(tenant.orgAdmin, { memory: '1Gi' }, { ttlSeconds: 3600 });
      expect((await failure(reserve(tenant.member, { cpu: '1' }))).code).toBe('QUOTA_EXCEEDED');
      // as the reaper will see it two seconds from now: no sleeping
      expect(await sut.service.app.get(QuotaReaper).tick(new Date(Date.now() + 2_000))).toBeGreaterThanOrEqual(1);
      const expired = await ask<QuotaReservationDto>(tenant.member, QUOTA_SUBJECTS.reservationGet, { orgId: tenant.orgId, reservationId: short.id });
      expect(expired).toMatchObject({ state: 'expired', endedAt: expect.any(String) });
      expect((await ask<QuotaReservationDto>(tenant.orgAdmin, QUOTA_SUBJECTS.reservationGet, { orgId: tenant.orgId, reservationId: kept.id })).state).toBe('reserved');
      expect((await failure(ask(tenant.member, QUOTA_SUBJECTS.commit, { orgId: tenant.orgId, reservationId: short.id }))).code).toBe('CONFLICT');
      await reserve(tenant.member, { cpu: '1' });
    });
  });
});
