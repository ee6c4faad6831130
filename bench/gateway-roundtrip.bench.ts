// Gateway round trip: GET /api/v1/system/services/auth through gateway → NATS → auth → Postgres and
// back, against a plain Fastify + pg baseline doing the same read, both measured in this run.
import {
  combineResults, fixedRate, fmt, freePort, loadProblem, maxThroughput, printResults, printTargets, ratio,
  distFile, startApp, startBenchBase, type Durations, type LoadResult, type RunningApp,
} from './harness';

export interface BenchOptions {
  quick: boolean;
}

/** What run.ts prints at the end. */
export interface BenchSummary {
  name: string;
  line: string;
  misses: number;
}

const NAME = 'gateway-roundtrip';
const ROUTE = '/api/v1/system/services/auth';
const RATE = 500;
const CONNECTIONS = 10;

type Side = 'baseline' | 'gateway';
/** ABBA: each side goes first once and last once, so slow drift of a noisy machine favours neither. */
const ORDER: Side[] = ['baseline', 'gateway', 'gateway', 'baseline'];

interface Fleet {
  apps: RunningApp[];
  urls: Record<Side, string>;
  cleanup: () => Promise<void>;
}

async function startServices(apps: RunningApp[], natsUrl: string, databaseUrl: string): Promise<Record<Side, string>> {
  const echo = process.env.BENCH_VERBOSE === '1';
  const common = { NATS_URL: natsUrl, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const healthPort = await freePort();
  apps.push(await startApp({
    name: 'auth', args: [distFile('apps/auth/src/main.js')], echo,
    env: { ...common, HEALTH_PORT: String(healthPort) }, readyUrls: [`http://127.0.0.1:${healthPort}/health`],
  }));
  const gateway = `http://127.0.0.1:${await freePort()}`;
  apps.push(await startApp({
    name: 'gateway', args: [distFile('apps/gateway/src/main.js')], echo,
    env: { ...common, HOST: '127.0.0.1', PORT: new URL(gateway).port, RATE_LIMIT_PER_MINUTE: '100000000' },
    readyUrls: [`${gateway}${ROUTE}`],
  }));
  // after auth: its migrations created what the baseline reads
  const baseline = `http://127.0.0.1:${await freePort()}`;
  apps.push(await startApp({
    name: 'baseline', args: [distFile('bench/baseline/plain-fastify.server.js')], echo,
    env: { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: new URL(baseline).port }, readyUrls: [`${baseline}${ROUTE}`],
  }));
  return { baseline: `${baseline}${ROUTE}`, gateway: `${gateway}${ROUTE}` };
}

async function startFleet(databaseUrl: string): Promise<Fleet> {
  const base = await startBenchBase(databaseUrl);
  try {
    return { apps: base.apps, urls: await startServices(base.apps, base.natsUrl, databaseUrl), cleanup: base.release };
  } catch (error) {
    await base.release();
    throw error;
  }
}

/** Both sides must answer the same read before their speed is compared. */
async function checkSameAnswer(urls: Record<Side, string>): Promise<void> {
  type Info = { version?: string; latestMigration?: string };
  const get = async (url: string) => (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as Info;
  const [gateway, baseline] = await Promise.all([get(urls.gateway), get(urls.baseline)]);
  if (!gateway.latestMigration || gateway.latestMigration !== baseline.latestMigration || gateway.version !== baseline.version) {
    throw new Error(`gateway and baseline disagree: ${JSON.stringify(gateway)} vs ${JSON.stringify(baseline)}`);
  }
  console.log(`both answer latestMigration=${gateway.latestMigration}, version ${gateway.version}`);
}

type Measure = (url: string) => Promise<LoadResult>;

/** Runs `measure` in ABBA order; fails on the first run with errors or non-2xx answers. */
async function measureBoth(title: string, urls: Record<Side, string>, measure: Measure): Promise<Record<Side, LoadResult>> {
  const runs: Array<{ label: string; side: Side; result: LoadResult }> = [];
  for (const [index, side] of ORDER.entries()) {
    const result = await measure(urls[side]);
    const problem = loadProblem(result);
    if (problem) throw new Error(`${title}, ${side}: ${problem}`);
    runs.push({ label: `${index + 1}. ${side}`, side, result });
  }
  const combined = {
    baseline: combineResults(runs.filter((run) => run.side === 'baseline').map((run) => run.result)),
    gateway: combineResults(runs.filter((run) => run.side === 'gateway').map((run) => run.result)),
  };
  printResults(title, [...runs, { label: 'baseline (all)', result: combined.baseline }, { label: 'gateway (all)', result: combined.gateway }]);
  return combined;
}

async function assertAlive(apps: RunningApp[]): Promise<void> {
  const dead = apps.filter((app) => !app.alive());
  if (dead.length) throw new Error(`${dead.map((app) => app.name).join(', ')} died during the bench:\n${dead[0].output()}`);
}

export async function gatewayRoundtripBench({ quick }: BenchOptions): Promise<BenchSummary> {
  const durations: Durations = quick ? { durationSeconds: 3, warmupSeconds: 1 } : { durationSeconds: 10, warmupSeconds: 2 };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/flotilla_bench';
  console.log(`\n== ${NAME}: GET ${ROUTE}, gateway (→ NATS → auth → Postgres) vs plain Fastify + pg ==`);
  const fleet = await startFleet(databaseUrl);
  try {
    await checkSameAnswer(fleet.urls);
    const max = await measureBoth(`max throughput, ${CONNECTIONS} connections, ${durations.durationSeconds} s per run after ${durations.warmupSeconds} s warm-up`,
      fleet.urls, (url) => maxThroughput(url, durations, CONNECTIONS));
    const rate = await measureBoth(`fixed rate ${RATE} req/s, ${durations.durationSeconds} s per run after ${durations.warmupSeconds} s warm-up`,
      fleet.urls, (url) => fixedRate(url, RATE, durations, CONNECTIONS));
    await assertAlive(fleet.apps);
    return report(max, rate);
  } finally {
    await fleet.cleanup();
  }
}

function report(max: Record<Side, LoadResult>, rate: Record<Side, LoadResult>): BenchSummary {
  const throughputRatio = ratio(max.gateway.requestsPerSecond, max.baseline.requestsPerSecond);
  console.log(`\nratios gateway/baseline: throughput ${fmt(throughputRatio, 2)}, p99 at max ${fmt(ratio(max.gateway.p99Ms, max.baseline.p99Ms), 2)}, p99 at ${RATE} req/s ${fmt(ratio(rate.gateway.p99Ms, rate.baseline.p99Ms), 2)}`);
  const misses = printTargets([
    { name: 'throughput gateway/baseline', actual: throughputRatio, op: '>=', threshold: 0.5 },
    { name: `gateway p99 at ${RATE} req/s`, actual: rate.gateway.p99Ms, op: '<', threshold: 10, unit: ' ms' },
  ]);
  const line = `${NAME}: max req/s gateway ${fmt(max.gateway.requestsPerSecond, 0)} / baseline ${fmt(max.baseline.requestsPerSecond, 0)} = ${fmt(throughputRatio, 2)} (>= 0.5 ${throughputRatio >= 0.5 ? 'PASS' : 'MISS'}); `
    + `p99 at ${RATE} req/s gateway ${fmt(rate.gateway.p99Ms, 2)} ms (< 10 ms ${rate.gateway.p99Ms < 10 ? 'PASS' : 'MISS'}), baseline ${fmt(rate.baseline.p99Ms, 2)} ms`;
  return { name: NAME, line, misses };
}
