import { Logger } from '@nestjs/common';
import { ErrorCode, headers as natsHeaders, type JetStreamClient, type MsgHdrs, type NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';

/** Tuning of an {@link OutboxRelay}; the defaults suit a service. */
export interface OutboxRelayOptions {
  /** Pause between two polls when the outbox is drained (ms). */
  intervalMs?: number;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** How long one publish waits for its JetStream ack (ms). */
  publishTimeoutMs?: number;
  /** Upper bound of the pause after consecutive failures (ms). */
  maxBackoffMs?: number;
}

interface UnsentRow {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string> | null;
  attempts: number;
}

interface TickResult {
  sent: number;
  failed: boolean;
}

const DEFAULTS: Required<OutboxRelayOptions> = { intervalMs: 250, batchSize: 100, publishTimeoutMs: 5000, maxBackoffMs: 30_000 };
const MAX_ERROR_LENGTH = 500;

// SKIP LOCKED: replicas polling the same table claim disjoint rows instead of double-sending or queueing.
const SELECT_UNSENT = `SELECT id, subject, payload, headers, attempts FROM outbox
  WHERE sent_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`;
const MARK_SENT = 'UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])';
const MARK_FAILED = 'UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1';

const encoder = new TextEncoder();

/**
 * Publishes the outbox's unsent events to JetStream, oldest first, and marks them sent. Each event
 * goes out with its row id as `Nats-Msg-Id`, so a crash between publish and marking (which makes the
 * next tick publish it again) is absorbed by the stream's duplicate window: delivery is at least once,
 * storage exactly once. A publish failure stops the batch (order is kept) and is retried with backoff.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly js: JetStreamClient;
  private readonly settings: Required<OutboxRelayOptions>;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastTick: Promise<unknown> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    connection: NatsConnection,
    options: OutboxRelayOptions = {},
  ) {
    this.js = connection.jetstream();
    this.settings = { ...DEFAULTS, ...options };
  }

  /** Starts polling every `intervalMs` (immediately at first). Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a tick in progress to finish, so the database can close safely. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.lastTick.catch(() => undefined);
  }

  /** Runs one tick now (after any tick in progress) and returns how many events it published. */
  async flush(): Promise<number> {
    return (await this.runTick()).sent;
  }

  private runTick(): Promise<TickResult> {
    const tick = this.lastTick.catch(() => undefined).then(() => this.tick());
    this.lastTick = tick;
    return tick;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.loop(), delayMs);
  }

  private async loop(): Promise<void> {
    this.timer = undefined;
    const result = await this.runTick().catch((error: unknown) => {
      this.logger.error({ err: errorMessage(error) }, 'outbox relay tick failed');
      return { sent: 0, failed: true };
    });
    this.failures = result.failed ? this.failures + 1 : 0;
    // a running relay owns at most one timer, even when stop() and start() raced this tick
    if (this.running && !this.timer) this.schedule(this.nextDelay(result));
  }

  private nextDelay(result: TickResult): number {
    const { intervalMs, batchSize, maxBackoffMs } = this.settings;
    if (this.failures > 0) return Math.min(intervalMs * 2 ** this.failures, maxBackoffMs);
    return result.sent === batchSize ? 0 : intervalMs;
  }

  private tick(): Promise<TickResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: UnsentRow[] = await manager.query(SELECT_UNSENT, [this.settings.batchSize]);
      const sentIds: string[] = [];
      let failed = false;
      for (const row of rows) {
        failed = !(await this.publish(manager, row));
        if (failed) break;
        sentIds.push(row.id);
      }
      if (sentIds.length > 0) await manager.query(MARK_SENT, [sentIds]);
      return { sent: sentIds.length, failed };
    });
  }

  /** Publishes one row; on failure records why on the row and returns false. */
  private async publish(manager: EntityManager, row: UnsentRow): Promise<boolean> {
    try {
      await this.js.publish(row.subject, encoder.encode(JSON.stringify(row.payload)), {
        msgID: row.id,
        headers: toNatsHeaders(row.headers),
        timeout: this.settings.publishTimeoutMs,
      });
      return true;
    } catch (error) {
      const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
      await manager.query(MARK_FAILED, [row.id, message]);
      this.logger.warn({ outboxId: row.id, subject: row.subject, attempts: row.attempts + 1, err: message }, 'outbox publish failed, will retry');
      return false;
    }
  }
}

function toNatsHeaders(values: Record<string, string> | null): MsgHdrs | undefined {
  if (!values) return undefined;
  const result = natsHeaders();
  for (const [name, value] of Object.entries(values)) result.set(name, value);
  return result;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // JetStream answers a subject no stream captures with a bare "503" (no responders)
  return (error as { code?: string }).code === ErrorCode.NoResponders ? 'no JetStream stream captures this subject (503 no responders)' : error.message;
}
