import fc from 'fast-check';
import { Client } from 'pg';
import { inject } from 'vitest';
import type { IdentityDto, QuotaReservationDto } from '@flotilla/contracts';
import { as, platformAdmin, seedTenant, startQuotaService, type QuotaService, type SeededTenant } from './testing/quota-harness';
import { isOver, LedgerModel, type ModelReservation, type Outcome } from './testing/quota-ledger.model';
import { QuotaLimitsService } from './quota-limits.service';
import { QuotaReservationsService } from './quota-reservations.service';
import { QuotaReaper } from './quota.reaper';

type Scope = 'org' | 'team' | 'user';
type Step =
  | { kind: 'reserve'; key: number; cpu: number; gpu: number; team: boolean }
  | { kind: 'commit' | 'release' | 'expire' | 'replay'; index: number }
  | { kind: 'limit'; scope: Scope; cpu: number | null; gpu: number | null };

const GPU = 'nvidia.com/gpu';
const limit = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('reserve' as const), key: fc.integer({ min: 0, max: 9 }), cpu: fc.integer({ min: 1, max: 4 }), gpu: fc.integer({ min: 0, max: 2 }), team: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constantFrom('commit' as const, 'release' as const, 'expire' as const, 'replay' as const), index: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('limit' as const), scope: fc.constantFrom<Scope>('org', 'team', 'user'), cpu: limit, gpu: limit }), weight: 1 },
);

/** One run: its tenant, the real services, the model, and the real ids of the model's reservations. */
interface Run {
  tenant: SeededTenant;
  model: LedgerModel;
  requests: Map<ModelReservation, Record<string, unknown>>;
}

/**
 * The ledger against a plain in-memory model over random sequences of reserve, commit, release,
 * expire, idempotent replay and limit changes: after every step the outcome is the model's, every
 * row's used and reserved amounts equal the model's, none is negative, none is above its hard limit
 * unless that limit was lowered below use, and every change emitted exactly one `quota.changed`.
 */
describe('quota ledger (property: matches a simple model)', () => {
  let sut: QuotaService;
  let db: Client;
  let reservations: QuotaReservationsService;
  let limits: QuotaLimitsService;
  let reaper: QuotaReaper;
  const admin = platformAdmin();

  beforeAll(async () => {
    sut = await startQuotaService();
    reaper = sut.service.app.get(QuotaReaper);
    await reaper.stop();
    reservations = sut.service.app.get(QuotaReservationsService);
    limits = sut.service.app.get(QuotaLimitsService);
    db = new Client({ connectionString: inject('databaseUrl') });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await sut?.close();
  });

  async function outcomeOf(call: () => Promise<QuotaReservationDto>, identity: IdentityDto): Promise<{ outcome: Outcome; dto?: QuotaReservationDto }> {
    try {
      const dto = await as(identity, call);
      return { outcome: { ok: true, state: dto.state, replayed: dto.replayed }, dto };
    } catch (error) {
      return { outcome: { ok: false, code: (error as { code: string }).code } };
    }
  }

  async function reserve(run: Run, request: Omit<ModelReservation, 'state'>, payload: Record<string, unknown>): Promise<void> {
    const expected = run.model.reserve(request);
    const { outcome, dto } = await outcomeOf(() => reservations.reserve(payload as never), run.tenant.member);
    expect(outcome).toEqual(expected.outcome);
    if (expected.reservation && dto) {
      expected.reservation.id ??= dto.id;
      expect(dto.id).toBe(expected.reservation.id);
      run.requests.set(expected.reservation, payload);
    }
  }

  async function apply(run: Run, s: Step): Promise<void> {
    const { tenant, model } = run;
    const made = model.reservations;
    const pick = (index: number) => made[index % made.length];
    if (s.kind === 'reserve') {
      const amounts: Record<string, bigint> = { cpu: BigInt(s.cpu * 100), ...(s.gpu ? { [GPU]: BigInt(s.gpu) } : {}) };
      const scopes: Scope[] = s.team ? ['org', 'team', 'user'] : ['org', 'user'];
      const payload = { owner: s.team ? { teamId: tenant.teamId } : {}, amounts: { cpu: `${s.cpu * 100}m`, [GPU]: String(s.gpu) }, idempotencyKey: `k${s.key}`, ttlSeconds: 3600 };
      await reserve(run, { key: `k${s.key}`, signature: JSON.stringify([s.team, s.cpu, s.gpu]), scopes, amounts }, payload);
    } else if (s.kind === 'limit') {
      const hard = { cpu: s.cpu === null ? null : BigInt(s.cpu * 100), [GPU]: s.gpu === null ? null : BigInt(s.gpu) };
      const map = Object.fromEntries(Object.entries({ cpu: s.cpu === null ? null : `${s.cpu * 100}m`, [GPU]: s.gpu === null ? null : String(s.gpu) }).filter(([, v]) => v !== null));
      const scopeIds = { org: {}, team: { teamId: tenant.teamId }, user: { userId: tenant.member.userId } }[s.scope];
      await as(s.scope === 'org' ? admin : tenant.orgAdmin, () => limits.set({ orgId: tenant.orgId, ...scopeIds, hard: map } as never));
      model.setLimits(s.scope, hard);
    } else if (made.length === 0) {
      return;
    } else if (s.kind === 'replay') {
      const target = pick(s.index);
      await reserve(run, target, run.requests.get(target)!);
    } else if (s.kind === 'expire') {
      const target = pick(s.index);
      await db.query(`UPDATE auth.quota_reservations SET expires_at = now() - interval '1 second' WHERE id = $1 AND state = 'reserved'`, [target.id]);
      const expired = await reaper.tick();
      expect(expired).toBe(target.state === 'reserved' ? 1 : 0);
      model.expire(target);
    } else {
      const target = pick(s.index);
      const expected = s.kind === 'commit' ? model.commit(target) : model.release(target);
      const call = () => (s.kind === 'commit' ? reservations.commit : reservations.release).call(reservations, { orgId: tenant.orgId, reservationId: target.id! });
      const { outcome } = await outcomeOf(call, tenant.member);
      expect(outcome).toMatchObject(expected);
    }
  }

  async function checkLedger(run: Run): Promise<void> {
    const { rows } = await db.query<{ scope: Scope; resource: string; hard: string | null; used: string; reserved: string }>(
      'SELECT scope, resource, hard::text, used::text, reserved::text FROM auth.quota_ledger WHERE org_id = $1', [run.tenant.orgId]);
    const actual = new Map(rows.map((r) => [`${r.scope}:${r.resource}`, r]));
    for (const key of new Set([...actual.keys(), ...run.model.rows.keys()])) {
      const real = actual.get(key);
      const expected = run.model.rows.get(key as never) ?? { hard: null, used: 0n, reserved: 0n, lowered: false };
      const state = { hard: real?.hard == null ? null : BigInt(real.hard), used: BigInt(real?.used ?? 0), reserved: BigInt(real?.reserved ?? 0) };
      expect({ key, ...state }).toEqual({ key, hard: expected.hard, used: expected.used, reserved: expected.reserved });
      expect(state.used >= 0n && state.reserved >= 0n).toBe(true);
      if (isOver(state)) expect(expected.lowered, `${key} is over its limit without a lowered limit`).toBe(true);
    }
    const { rows: [events] } = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM auth.outbox WHERE subject = 'quota.changed' AND payload->>'orgId' = $1`, [run.tenant.orgId]);
    expect(Number(events.count)).toBe(run.model.changes);
  }

  it('after every step of random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const run: Run = { tenant: await seedTenant(), model: new LedgerModel(), requests: new Map() };
        for (const s of steps) {
          await apply(run, s);
          await checkLedger(run);
        }
      }),
      { numRuns: 40 },
    );
  });
});
