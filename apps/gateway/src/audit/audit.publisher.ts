import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import type { AuditEventDto } from '@flotilla/contracts';
import { auditDropped } from './audit.metrics';
import { AuditSink } from './audit.sink';

/** Bounds of the in-memory retry queue. */
export interface AuditPublisherOptions {
  /** Records waiting at most; beyond it new ones are dropped (and counted). */
  capacity: number;
  /** Records published concurrently. */
  batchSize: number;
  /** A record not accepted this long after its request is dropped (and counted). */
  maxAgeMs: number;
  /** First pause after a failed publish; doubles up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** How long shutdown waits for the queue to drain. */
  shutdownFlushMs: number;
}

/** DI token of the {@link AuditPublisherOptions}. */
export const AUDIT_PUBLISHER_OPTIONS = Symbol('AUDIT_PUBLISHER_OPTIONS');

/** Defaults: ten thousand records (a few MB) for up to 15 minutes of NATS being unreachable. */
export const DEFAULT_AUDIT_PUBLISHER_OPTIONS: AuditPublisherOptions = {
  capacity: 10_000,
  batchSize: 64,
  maxAgeMs: 15 * 60_000,
  retryDelayMs: 250,
  maxRetryDelayMs: 10_000,
  shutdownFlushMs: 3_000,
};

const LOSS_LOG_INTERVAL_MS = 10_000;

/** A pause that does not keep the process alive on its own. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Hands audit records to the {@link AuditSink} off the request path: `enqueue` returns at once, a
 * pump publishes in the background, and records whose publish failed go back to the head of the
 * queue and are retried with backoff. The queue and a record's age are bounded; every record lost
 * (queue full, too old, still queued at shutdown) counts in `flotilla_audit_dropped_total`.
 */
@Injectable()
export class AuditPublisher implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AuditPublisher.name);
  private readonly queue: AuditEventDto[] = [];
  private pumping: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private inFlight = 0;
  private lastLossLog = 0;

  constructor(
    private readonly sink: AuditSink,
    @Inject(AUDIT_PUBLISHER_OPTIONS) private readonly options: AuditPublisherOptions,
  ) {}

  /** Records waiting to be published. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Queues one record for publishing; never blocks, never throws. */
  enqueue(event: AuditEventDto): void {
    if (this.pending >= this.options.capacity) {
      this.drop('queue_full', 1);
      return;
    }
    this.queue.push(event);
    this.kick();
  }

  /** Publishes what is queued for up to `timeoutMs`; returns how many records are still waiting. */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 || this.pumping) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      this.retryNow();
      await Promise.race([this.pumping, sleep(remaining)]);
      if (this.queue.length > 0) await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
    }
    return this.queue.length;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush(this.options.shutdownFlushMs);
  }

  /** Requests that finished while the HTTP server closed get a last, short chance; the rest is counted lost. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush(Math.min(500, this.options.shutdownFlushMs));
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const lost = this.queue.splice(0).length;
    if (lost > 0) this.drop('shutdown', lost);
  }

  private kick(): void {
    if (this.pumping || this.retryTimer) return;
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  private retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.kick();
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      const failed = await this.publishAll(batch);
      this.inFlight = 0;
      if (failed.length > 0) {
        this.requeue(failed);
        this.scheduleRetry();
        return;
      }
      this.failures = 0;
    }
  }

  private async publishAll(batch: AuditEventDto[]): Promise<AuditEventDto[]> {
    const results = await Promise.allSettled(batch.map((event) => this.sink.publish(event)));
    const failed = batch.filter((_, i) => results[i]?.status === 'rejected');
    const firstError = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (firstError && this.failures === 0) {
      this.logger.warn({ err: (firstError.reason as Error)?.message, failed: failed.length }, 'audit records not published, will retry');
    }
    return failed;
  }

  private requeue(failed: AuditEventDto[]): void {
    const oldest = Date.now() - this.options.maxAgeMs;
    const fresh = failed.filter((event) => Date.parse(event.occurredAt) >= oldest);
    if (fresh.length < failed.length) this.drop('expired', failed.length - fresh.length);
    this.queue.unshift(...fresh);
  }

  private scheduleRetry(): void {
    this.failures += 1;
    const delay = Math.min(this.options.retryDelayMs * 2 ** (this.failures - 1), this.options.maxRetryDelayMs);
    this.retryTimer = setTimeout(() => this.retryNow(), delay);
    this.retryTimer.unref();
  }

  private drop(reason: 'queue_full' | 'expired' | 'shutdown', count: number): void {
    auditDropped.inc({ reason }, count);
    // a full queue drops every new record: log the loss, not each record
    if (Date.now() - this.lastLossLog < LOSS_LOG_INTERVAL_MS) return;
    this.lastLossLog = Date.now();
    this.logger.error({ reason, count }, 'audit records lost (see flotilla_audit_dropped_total)');
  }
}
