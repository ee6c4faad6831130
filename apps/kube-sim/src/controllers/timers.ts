// Time for controllers: one seam so tests can run with tiny delays or a fake clock.

/** A cancellable timer handle. */
export type TimerHandle = { cancel(): void };

/** Timer source of the controllers. */
export interface SimTimers {
  /** Runs `fn` once after `ms` milliseconds. */
  after(ms: number, fn: () => void): TimerHandle;
}

/** Real timers (setTimeout); unref'd so a forgotten controller never keeps the process alive. */
export const realTimers: SimTimers = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};
