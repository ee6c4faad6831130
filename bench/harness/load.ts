import autocannon from 'autocannon';

/** One autocannon run: max throughput over `connections`, or a fixed `overallRate`. */
export interface LoadOptions {
  url: string;
  durationSeconds: number;
  /** Default 10. */
  connections?: number;
  /** Requests per second over all connections; unset = as fast as the server answers. */
  overallRate?: number;
  /** Same load for this long first, not measured (autocannon's `warmup`). */
  warmupSeconds?: number;
  /** Per request, seconds (autocannon's default is 10). */
  timeoutSeconds?: number;
}

/** What a run measured. Latencies are milliseconds. */
export interface LoadResult {
  url: string;
  mode: 'max' | 'rate';
  connections: number;
  durationSeconds: number;
  /** Mean of autocannon's per-second samples of responses. */
  requestsPerSecond: number;
  /** Responses with a 2xx status. */
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (autocannon counts timeouts among errors too). */
  errors: number;
  timeouts: number;
  /** Errors plus non-2xx answers during the warm-up. */
  warmupFailures: number;
  /** Exact percentiles of the 2xx response times (see {@link percentile}). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** autocannon's own figures: its histogram keeps whole milliseconds only. */
  autocannonP50Ms: number;
  autocannonP99Ms: number;
  /** Every 2xx response time, sorted ascending (for pooling runs). */
  samplesMs: number[];
}

/** Nearest-rank percentile of an ascending array; 0 for no samples. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

/**
 * Runs autocannon against `url` (GET). Besides autocannon's result, every 2xx response time is kept
 * from its `response` events so that p50/p99 have sub-millisecond resolution: autocannon's latency
 * histogram rounds to whole milliseconds, too coarse next to a loopback round trip.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 10;
  const samples: number[] = [];
  const instance = autocannon({
    url: options.url,
    connections,
    duration: options.durationSeconds,
    overallRate: options.overallRate,
    timeout: options.timeoutSeconds ?? 10,
    warmup: options.warmupSeconds ? { duration: options.warmupSeconds } : undefined,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    if (statusCode >= 200 && statusCode < 300) samples.push(responseTimeMs);
  });
  const result = await instance;
  samples.sort((a, b) => a - b);
  return {
    url: options.url,
    mode: options.overallRate ? 'rate' : 'max',
    connections: options.overallRate ? Math.min(connections, options.overallRate) : connections,
    durationSeconds: options.durationSeconds,
    requestsPerSecond: result.requests.mean,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    warmupFailures: result.warmup ? result.warmup.errors + result.warmup.non2xx : 0,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.at(-1) ?? 0,
    autocannonP50Ms: result.latency.p50,
    autocannonP99Ms: result.latency.p99,
    samplesMs: samples,
  };
}

/** How long to load, and how long to warm up first. */
export interface Durations {
  durationSeconds: number;
  warmupSeconds?: number;
}

/** As many requests as `connections` keep in flight. */
export function maxThroughput(url: string, durations: Durations, connections = 10): Promise<LoadResult> {
  return runLoad({ url, ...durations, connections });
}

/**
 * `rate` requests per second in total. Note autocannon's pacing: each connection sends its share of
 * the second back to back, then waits for the next second, so the load comes in bursts of up to
 * `connections` concurrent requests at the top of each second.
 */
export function fixedRate(url: string, rate: number, durations: Durations, connections = 10): Promise<LoadResult> {
  return runLoad({ url, ...durations, connections, overallRate: rate });
}

/** Several runs of the same target as one: mean req/s, percentiles of all samples pooled, counts summed. */
export function combineResults(results: readonly LoadResult[]): LoadResult {
  if (results.length === 0) throw new Error('combineResults needs at least one result');
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const samples = results.flatMap((r) => r.samplesMs).sort((a, b) => a - b);
  return {
    ...results[0],
    durationSeconds: sum((r) => r.durationSeconds),
    requestsPerSecond: sum((r) => r.requestsPerSecond) / results.length,
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    warmupFailures: sum((r) => r.warmupFailures),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.at(-1) ?? 0,
    // autocannon's whole-millisecond figures cannot be pooled: the worst run's
    autocannonP50Ms: Math.max(...results.map((r) => r.autocannonP50Ms)),
    autocannonP99Ms: Math.max(...results.map((r) => r.autocannonP99Ms)),
    samplesMs: samples,
  };
}

/** Why a run does not count (errors or non-2xx answers), or undefined when it is clean. */
export function loadProblem(result: LoadResult): string | undefined {
  if (result.ok === 0) return `no 2xx response from ${result.url}`;
  if (result.errors || result.non2xx || result.warmupFailures) {
    return `${result.url}: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx of ${result.ok + result.non2xx} responses, ${result.warmupFailures} failures in warm-up`;
  }
  return undefined;
}
