// Time for controllers: one seam so tests can run with tiny delays, a fake clock, or simulated time
// that runs faster than the wall clock.

/** A cancellable timer handle. */
export type TimerHandle = { cancel(): void };

/** Timer source of the controllers. */
export interface SimTimers {
  /** Runs `fn` once after `ms` milliseconds of simulated time. */
  after(ms: number, fn: () => void): TimerHandle;
  /** Simulated time in epoch milliseconds; absent: the wall clock. */
  now?(): number;
}

/** The time a timer source reads (its simulated clock, else the wall clock). */
export function simNow(timers: SimTimers): number {
  return timers.now?.() ?? Date.now();
}

/** Real timers (setTimeout); unref'd so a forgotten controller never keeps the process alive. */
export const realTimers: SimTimers = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Highest time scale accepted: beyond it timer resolution (1 ms) makes simulated seconds meaningless. */
export const MAX_TIME_SCALE = 10_000;

interface PendingTimer {
  dueAt: number;
  fn: () => void;
  handle?: ReturnType<typeof setTimeout>;
}

/**
 * Simulated time running `scale` times as fast as the wall clock (1 = real time), starting at the wall
 * clock's now. Changing the scale re-arms the pending timers, so a 300 s eviction already waiting
 * fires on the new scale's schedule.
 */
export class ScaledTimers implements SimTimers {
  private current = 1;
  private anchorWall = Date.now();
  private anchorSim = this.anchorWall;
  private readonly pending = new Set<PendingTimer>();

  constructor(scale = 1) {
    this.setScale(scale);
  }

  /** How many simulated milliseconds pass per wall-clock millisecond. */
  get scale(): number {
    return this.current;
  }

  now(): number {
    return this.anchorSim + (Date.now() - this.anchorWall) * this.current;
  }

  /** Changes the speed of simulated time from now on; throws RangeError outside (0, MAX_TIME_SCALE]. */
  setScale(scale: number): void {
    if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_TIME_SCALE) throw new RangeError(`time scale must be > 0 and at most ${MAX_TIME_SCALE}`);
    this.anchorSim = this.now();
    this.anchorWall = Date.now();
    this.current = scale;
    for (const timer of this.pending) this.arm(timer);
  }

  after(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { dueAt: this.now() + Math.max(0, ms), fn };
    this.pending.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.handle);
        this.pending.delete(timer);
      },
    };
  }

  private arm(timer: PendingTimer): void {
    clearTimeout(timer.handle);
    const wallMs = Math.max(0, (timer.dueAt - this.now()) / this.current);
    timer.handle = setTimeout(() => {
      this.pending.delete(timer);
      timer.fn();
    }, wallMs);
    timer.handle.unref?.();
  }
}
