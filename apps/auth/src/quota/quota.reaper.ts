import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { QuotaReservationsService } from './quota-reservations.service';

/** How often each replica looks for expired reservations (with up to 20% jitter so replicas spread out). */
export const REAPER_INTERVAL_MS = 5_000;
/** Most reservations one tick expires; the next tick takes the rest. */
export const REAPER_BATCH = 200;

/**
 * Expires reservations not committed before their ttl and frees their amounts, so a provisioning
 * run that crashed between reserve and commit never leaks quota. Every replica runs it; each
 * reservation is expired in its own transaction, taken with SKIP LOCKED, so replicas never expire one
 * twice nor wait on each other.
 */
@Injectable()
export class QuotaReaper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QuotaReaper.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly reservations: QuotaReservationsService) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops the periodic ticks (and waits for one in progress); {@link tick} still works when called. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Expires up to {@link REAPER_BATCH} reservations past their ttl as of `asOf` (default now); returns how many. */
  async tick(asOf?: Date): Promise<number> {
    let expired = 0;
    while (expired < REAPER_BATCH && (await this.reservations.expireNext(asOf))) expired++;
    if (expired) this.logger.log(`expired ${expired} quota reservation(s)`);
    return expired;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = REAPER_INTERVAL_MS * (1 + Math.random() * 0.2);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.logger.error({ err: error }, 'quota reaper tick failed'))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }
}
