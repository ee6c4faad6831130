// Quota reservation under contention on one organization: N concurrent reservers call the real
// ledger (NATS request → auth service → one Postgres transaction: reservation row, ledger row locked
// and checked, conditional update, outbox event) against a single SQL conditional UPDATE of one
// counter row on the same Postgres, both measured in this run, closed loop, same concurrency.
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { Pool } from 'pg';
import { QUOTA_SUBJECTS, Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { freePort, NatsRequester, RequestContext } from '@flotilla/common';
import type { BenchOptions, BenchSummary } from './gateway-roundtrip.bench';
import { distFile, fmt, ratio, startApp, startBenchBase, type RunningApp } from './harness';
import { closedLoop, formatLoopRow, type LoopResult } from './quota-loop';

const NAME = 'quota-reservation';
const RESERVERS = 16;
const POOL_SIZE = 10; // the auth service's pool size too
const BASELINE_SQL = 'UPDATE bench_quota_counter SET reserved = reserved + 1 WHERE id = 1 AND reserved + 1 <= hard';

type Side = 'baseline' | 'ledger';
/** ABBA: each side goes first once and last once, so slow drift of a noisy machine favours neither. */
const ORDER: Side[] = ['baseline', 'ledger', 'ledger', 'baseline'];

interface Fleet {
  apps: RunningApp[];
  nats: NatsConnection;
  pool: Pool;
  orgId: string;
  cleanup: () => Promise<void>;
}

/** The organization under load: its quota is large enough never to run out during the bench. */
async function prepare(pool: Pool, requester: NatsRequester, admin: IdentityDto): Promise<string> {
  const orgId = randomUUID();
  await pool.query('INSERT INTO auth.organizations (id, name, display_name) VALUES ($1, $2, $2)', [orgId, `bench-${orgId.slice(0, 8)}`]);
  await RequestContext.run({ requestId: randomUUID(), identity: admin }, () =>
    requester.request(QUOTA_SUBJECTS.set, { orgId, hard: { cpu: '1000000', workloads: '1000000000' } }));
  await pool.query('CREATE TABLE bench_quota_counter (id int PRIMARY KEY, hard bigint NOT NULL, reserved bigint NOT NULL)');
  await pool.query('INSERT INTO bench_quota_counter VALUES (1, 1000000000000, 0)');
  return orgId;
}

async function startFleet(databaseUrl: string): Promise<Fleet> {
  const base = await startBenchBase(databaseUrl);
  let nats: NatsConnection | undefined;
  const pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const cleanup = async () => {
    await nats?.close();
    await pool.end();
    await base.release();
  };
  try {
    const healthPort = await freePort();
    base.apps.push(await startApp({
      name: 'auth', args: [distFile('apps/auth/src/main.js')], echo: process.env.BENCH_VERBOSE === '1',
      env: { NATS_URL: base.natsUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', HEALTH_PORT: String(healthPort) },
      readyUrls: [`http://127.0.0.1:${healthPort}/health`],
    }));
    nats = await connect({ servers: base.natsUrl });
    const orgId = await prepare(pool, new NatsRequester(nats, 30_000), admin());
    return { apps: base.apps, nats, pool, orgId, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function admin(): IdentityDto {
  return { userId: randomUUID(), orgId: null, role: Role.PlatformAdmin, teamIds: [], scopes: [TokenScope.Read, TokenScope.Write] };
}

/** One reservation of 1 millicore and 1 workload for the organization, as provisioning would ask. */
function ledgerOperation(fleet: Fleet): () => Promise<void> {
  const requester = new NatsRequester(fleet.nats, 30_000);
  const identity = admin();
  return () =>
    RequestContext.run({ requestId: randomUUID(), identity }, () =>
      requester.request(QUOTA_SUBJECTS.reserve, { owner: { orgId: fleet.orgId }, amounts: { cpu: '1m', workloads: '1' }, idempotencyKey: randomUUID(), ttlSeconds: 3600 }),
    ).then(() => undefined);
}

function baselineOperation(fleet: Fleet): () => Promise<void> {
  return async () => {
    const result = await fleet.pool.query(BASELINE_SQL);
    if (result.rowCount !== 1) throw new Error('baseline counter ran out');
  };
}

/** Both sides must have counted exactly what they granted before their speed is compared. */
async function checkLedger(fleet: Fleet, granted: Record<Side, number>): Promise<void> {
  const [ledger] = (await fleet.pool.query(`SELECT reserved::text FROM auth.quota_ledger WHERE org_id = $1 AND scope = 'org' AND resource = 'workloads'`, [fleet.orgId])).rows;
  const [counter] = (await fleet.pool.query('SELECT reserved::text FROM bench_quota_counter WHERE id = 1')).rows;
  if (ledger?.reserved !== String(granted.ledger) || counter?.reserved !== String(granted.baseline)) {
    throw new Error(`ledger holds ${ledger?.reserved} (granted ${granted.ledger}); counter holds ${counter?.reserved} (granted ${granted.baseline})`);
  }
  console.log(`ledger and counter hold exactly what was granted: ${granted.ledger} reservations, ${granted.baseline} updates`);
}

export async function quotaReservationBench({ quick }: BenchOptions): Promise<BenchSummary> {
  const seconds = quick ? 3 : 10;
  const warmupSeconds = quick ? 1 : 2;
  const databaseUrl = process.env.BENCH_QUOTA_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/flotilla_bench_quota';
  console.log(`\n== ${NAME}: ${RESERVERS} concurrent reservers on one organization, ledger (NATS → auth → Postgres transaction) vs one conditional UPDATE ==`);
  const fleet = await startFleet(databaseUrl);
  try {
    const operations: Record<Side, () => Promise<void>> = { baseline: baselineOperation(fleet), ledger: ledgerOperation(fleet) };
    const granted: Record<Side, number> = { baseline: 0, ledger: 0 };
    const results: Record<Side, LoopResult[]> = { baseline: [], ledger: [] };
    const rows: string[] = [];
    for (const [index, side] of ORDER.entries()) {
      const result = await closedLoop(operations[side], { concurrency: RESERVERS, seconds, warmupSeconds });
      if (result.errors) throw new Error(`${side}: ${result.errors} operations failed (first: ${result.firstError})`);
      granted[side] += result.total;
      results[side].push(result);
      rows.push(formatLoopRow(`${index + 1}. ${side}`, result));
    }
    await checkLedger(fleet, granted);
    console.log(`\n${['run', 'ops/s', 'p50 ms', 'p99 ms', 'ops'].join('\t')}\n${rows.join('\n')}`);
    const dead = fleet.apps.filter((app) => !app.alive());
    if (dead.length) throw new Error(`${dead.map((app) => app.name).join(', ')} died during the bench:\n${dead[0].output()}`);
    return report(results);
  } finally {
    await fleet.cleanup();
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function report(results: Record<Side, LoopResult[]>): BenchSummary {
  const rate = { baseline: mean(results.baseline.map((r) => r.opsPerSecond)), ledger: mean(results.ledger.map((r) => r.opsPerSecond)) };
  const p99 = { baseline: mean(results.baseline.map((r) => r.p99Ms)), ledger: mean(results.ledger.map((r) => r.p99Ms)) };
  const throughputRatio = ratio(rate.ledger, rate.baseline);
  console.log(`\nratio ledger/UPDATE: throughput ${fmt(throughputRatio, 3)}, p99 ${fmt(ratio(p99.ledger, p99.baseline), 1)}`);
  const line = `${NAME}: ${RESERVERS} reservers on one org, ledger via NATS ${fmt(rate.ledger, 0)}/s (p99 ${fmt(p99.ledger, 1)} ms) / conditional UPDATE ${fmt(rate.baseline, 0)}/s (p99 ${fmt(p99.baseline, 1)} ms) = ${fmt(throughputRatio, 3)}`;
  return { name: NAME, line, misses: 0 };
}
