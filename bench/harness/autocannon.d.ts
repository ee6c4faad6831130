// The part of autocannon 8's API the bench harness uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Requests per second over all connections (each connection gets its share per second). */
      overallRate?: number;
      method?: string;
      headers?: Record<string, string>;
      timeout?: number;
      title?: string;
      /** A run before the measured one, with these options overriding the others. */
      warmup?: Partial<Omit<Options, 'url' | 'warmup'>>;
    }

    /** Percentiles as autocannon 8 reports them: p50, p75, p90, p97_5, p99, p99_9, ... */
    interface Histogram {
      mean: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      total?: number;
      sent?: number;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      '2xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      /** Milliseconds, in whole milliseconds (HDR histogram, lowest discernible value 1). */
      latency: Histogram;
      /** Responses per second-long sample. */
      requests: Histogram;
      throughput: Histogram;
      /** The warm-up run's result, when `warmup` was given. */
      warmup?: Result;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
