// A closed-loop load generator for in-process operations: N workers each run the operation again as
// soon as the previous one finished, for a fixed time after a warm-up, timing every operation.
import { fmt, percentile } from './harness';

export interface LoopOptions {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoopResult {
  /** Operations completed in the measured window. */
  measured: number;
  /** Operations completed in all, warm-up included (what the ledger must hold). */
  total: number;
  errors: number;
  firstError?: string;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `operation` with `concurrency` workers; latencies and rate are taken after the warm-up. */
export async function closedLoop(operation: () => Promise<void>, options: LoopOptions): Promise<LoopResult> {
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const latencies: number[] = [];
  let total = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await operation();
        total++;
        if (t0 >= measureFrom) latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return {
    measured: latencies.length,
    total,
    errors,
    firstError,
    opsPerSecond: latencies.length / options.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** One tab-separated row: label, ops/s, p50, p99, operations measured. */
export function formatLoopRow(label: string, result: LoopResult): string {
  return [label, fmt(result.opsPerSecond, 0), fmt(result.p50Ms, 2), fmt(result.p99Ms, 2), String(result.measured)].join('\t');
}
