import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { QUOTA_SUBJECTS, type QuotaReservationDto } from '@flotilla/contracts';
import { query } from '@flotilla/common/testing';
import { as, platformAdmin, seedTenant, startQuotaService, type QuotaService, type SeededTenant } from './testing/quota-harness';
import { QuotaReaper } from './quota.reaper';

const ORGS = 5;
const PER_ORG = 100;

/** Each organization is limited on a different resource, at half of what its 100 reservations ask for (not a multiple of one). */
const PLANS = [
  { resource: 'cpu', size: '300m', sizeExact: 300n, hard: 15_299n, hardQuantity: '15299m' },
  { resource: 'memory', size: '1Gi', sizeExact: 2n ** 30n, hard: 50n * 2n ** 30n + 2n ** 29n, hardQuantity: `${50n * 2n ** 30n + 2n ** 29n}` },
  { resource: 'nvidia.com/gpu', size: '1', sizeExact: 1n, hard: 50n, hardQuantity: '50' },
  { resource: 'storage', size: '10Gi', sizeExact: 10n * 2n ** 30n, hard: 505n * 2n ** 30n, hardQuantity: '505Gi' },
  { resource: 'workloads', size: '3', sizeExact: 3n, hard: 151n, hardQuantity: '151' },
];

interface LedgerSums {
  scope: string;
  resource: string;
  used: string;
  reserved: string;
}

/**
 * 500 reservations at once, through NATS to the real auth service, against limits sized at half the
 * demand: each organization grants exactly floor(limit / size), and the ledger holds exactly what
 * was granted, at the organization, team and user levels alike.
 */
describe('quota ledger under concurrency', () => {
  let sut: QuotaService;
  let tenants: SeededTenant[];
  const admin = platformAdmin();

  beforeAll(async () => {
    sut = await startQuotaService(60_000);
    await sut.service.app.get(QuotaReaper).stop();
    tenants = await Promise.all(Array.from({ length: ORGS }, () => seedTenant()));
    await Promise.all(tenants.map((tenant, i) =>
      as(admin, () => sut.requester.request(QUOTA_SUBJECTS.set, { orgId: tenant.orgId, hard: { [PLANS[i].resource]: PLANS[i].hardQuantity } }))));
  });

  afterAll(async () => {
    await sut?.close();
  });

  const ledger = (orgId: string) =>
    query<LedgerSums>(inject('databaseUrl'), 'SELECT scope, resource, used::text, reserved::text FROM auth.quota_ledger WHERE org_id = $1 ORDER BY scope', [orgId]);

  it(`grants exactly floor(limit / size) of ${ORGS} × ${PER_ORG} concurrent reservations per organization`, async () => {
    const calls = tenants.flatMap((tenant, i) =>
      Array.from({ length: PER_ORG }, () =>
        as(tenant.member, () =>
          sut.requester.request<QuotaReservationDto>(QUOTA_SUBJECTS.reserve, {
            owner: { teamId: tenant.teamId },
            amounts: { [PLANS[i].resource]: PLANS[i].size },
            idempotencyKey: randomUUID(),
          }),
        ).then((r) => ({ i, ok: true as const, r }), (error: { code?: string }) => ({ i, ok: false as const, code: error.code })),
      ),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => !o.ok && o.code !== 'QUOTA_EXCEEDED')).toEqual([]);
    for (const [i, tenant] of tenants.entries()) {
      const plan = PLANS[i];
      const granted = outcomes.filter((o) => o.i === i && o.ok);
      expect(granted.length, plan.resource).toBe(Number(plan.hard / plan.sizeExact));
      expect(granted.length).toBeLessThan(PER_ORG);
      const rows = await ledger(tenant.orgId);
      expect(rows.map((r) => r.scope).sort()).toEqual(['org', 'team', 'user']);
      for (const row of rows) {
        expect({ scope: row.scope, reserved: BigInt(row.reserved), used: BigInt(row.used) }).toEqual({ scope: row.scope, reserved: BigInt(granted.length) * plan.sizeExact, used: 0n });
      }
      const [held] = await query<{ total: string; count: string }>(inject('databaseUrl'),
        `SELECT coalesce(sum((amounts->>$2)::numeric), 0)::text AS total, count(*)::text AS count FROM auth.quota_reservations WHERE org_id = $1 AND state = 'reserved'`,
        [tenant.orgId, plan.resource]);
      expect(held).toEqual({ total: (BigInt(granted.length) * plan.sizeExact).toString(), count: String(granted.length) });
    }
  });

  it('concurrent commits and releases of everything granted leave the ledger exact and never negative', async () => {
    const reservations = await query<{ id: string; org_id: string }>(inject('databaseUrl'),
      `SELECT id, org_id FROM auth.quota_reservations WHERE org_id = ANY($1::uuid[]) AND state = 'reserved'`, [tenants.map((t) => t.orgId)]);
    const byOrg = new Map(tenants.map((t) => [t.orgId, t]));
    await Promise.all(reservations.map((r, n) => {
      const tenant = byOrg.get(r.org_id)!;
      const subject = n % 2 === 0 ? QUOTA_SUBJECTS.commit : QUOTA_SUBJECTS.release;
      return as(tenant.member, () => sut.requester.request(subject, { orgId: r.org_id, reservationId: r.id }));
    }));
    // and release the committed ones too, twice each, concurrently: the second is a no-op
    const committed = reservations.filter((_, n) => n % 2 === 0);
    await Promise.all([...committed, ...committed].map((r) =>
      as(byOrg.get(r.org_id)!.member, () => sut.requester.request(QUOTA_SUBJECTS.release, { orgId: r.org_id, reservationId: r.id }))));
    for (const tenant of tenants) {
      for (const row of await ledger(tenant.orgId)) expect(row).toMatchObject({ used: '0', reserved: '0' });
    }
  });
});
