// The simulated usage of containers: a seeded fraction of their requests that drifts smoothly over
// time. Deterministic for a seed, a key (pod uid + container + resource) and a time window, so two
// reads within one window agree and a restarted simulator with the same seed and clock repeats itself.
import { createHash } from 'node:crypto';

/** How usage is simulated. */
export interface UsageOptions {
  /** Seed of the cluster's usage; the same seed gives the same usage for the same pod uid and time. */
  seed: string;
  /** Lowest usage as a fraction of requests (0–1). */
  minFraction: number;
  /** Highest usage as a fraction of requests (0–1). */
  maxFraction: number;
  /** Length of one sampling window; usage is constant within one. Default 30 s. */
  windowMs?: number;
}

/** The usage model a cluster gets when none is configured. */
export const DEFAULT_USAGE: Required<UsageOptions> = { seed: 'kube-sim', minFraction: 0.2, maxFraction: 0.9, windowMs: 30_000 };

/** Windows between two seeded anchor values; usage is interpolated between anchors. */
const ANCHOR_SPAN = 8;

/** A uniform value in [0, 1) from a seed and a key. */
export function seededUnit(seed: string, key: string): number {
  const digest = createHash('sha256').update(`${seed}\u0000${key}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

const smoothstep = (t: number) => t * t * (3 - 2 * t);

/** Index of the sampling window that holds `at`. */
export function windowIndex(at: Date, windowMs: number): number {
  return Math.floor(at.getTime() / windowMs);
}

/**
 * The usage fraction of one key in one window: seeded anchors every {@link ANCHOR_SPAN} windows,
 * smoothly interpolated, scaled into [minFraction, maxFraction].
 */
export function usageFraction(options: UsageOptions, key: string, window: number): number {
  const anchor = Math.floor(window / ANCHOR_SPAN);
  const from = seededUnit(options.seed, `${key}#${anchor}`);
  const to = seededUnit(options.seed, `${key}#${anchor + 1}`);
  const t = smoothstep((window - anchor * ANCHOR_SPAN) / ANCHOR_SPAN);
  const unit = from + (to - from) * t;
  return options.minFraction + (options.maxFraction - options.minFraction) * unit;
}
