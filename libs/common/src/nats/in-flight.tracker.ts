import { Injectable } from '@nestjs/common';

/** Counts messages being handled so shutdown can wait for them to finish before closing NATS and DB. */
@Injectable()
export class InFlightTracker {
  private count = 0;
  private waiters: Array<() => void> = [];

  get inFlight(): number {
    return this.count;
  }

  start(): void {
    this.count += 1;
  }

  end(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count === 0) this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
