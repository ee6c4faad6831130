import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { AUDIT_CONSUMER, AUDIT_STREAM, type AuditEventDto } from '@flotilla/contracts';
import { ensureStreams, NATS_CONNECTION } from '@flotilla/common';
import { parseAuditEvent } from './audit-payload.util';
import { auditDropped } from './audit.metrics';
import { AuditService } from './audit.service';

const ACK_WAIT_MS = 30_000;
const MAX_RETRY_DELAY_MS = 60_000;
/** A record the database keeps refusing is given up (and counted) before the stream's 7-day retention would drop it silently. */
const GIVE_UP_AFTER_MS = 6 * 24 * 60 * 60 * 1000;
const RESTART_DELAY_MS = 1_000;

/**
 * Moves audit records from the FLOTILLA_AUDIT JetStream stream into the audit log. One durable
 * pull consumer is shared by every auth replica; a record is acked only once stored (idempotent by
 * event id, so a redelivery is harmless). While Postgres is unavailable records are nak'ed with a
 * growing delay and stay in the stream; malformed ones are terminated and counted as dropped.
 */
@Injectable()
export class AuditIntake implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditIntake.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureStreams(this.connection, [AUDIT_STREAM]);
    const jsm = await this.connection.jetstreamManager();
    await jsm.consumers.add(AUDIT_STREAM.name, {
      durable_name: AUDIT_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 1_000,
      filter_subject: AUDIT_STREAM.subjects[0],
    });
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops taking records and waits for the one being stored, while Postgres and NATS are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.connection.jetstream().consumers.get(AUDIT_STREAM.name, AUDIT_CONSUMER);
        this.messages = await consumer.consume({ max_messages: 256 });
        if (this.stopping) this.messages.stop();
        for await (const message of this.messages) await this.handle(message);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'audit intake interrupted, resuming');
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const event = parseEvent(message);
    if (!event) {
      message.term();
      auditDropped.inc({ reason: 'invalid' });
      this.logger.warn({ seq: message.seq }, 'malformed audit record dropped');
      return;
    }
    try {
      await this.audit.record(event);
      message.ack();
    } catch (error) {
      this.retryLater(message, error);
    }
  }

  private retryLater(message: JsMsg, error: unknown): void {
    const ageMs = Date.now() - message.info.timestampNanos / 1e6;
    if (ageMs > GIVE_UP_AFTER_MS) {
      message.term();
      auditDropped.inc({ reason: 'store_failed' });
      this.logger.error({ seq: message.seq, err: (error as Error).message }, 'audit record dropped after days of failed storing');
      return;
    }
    message.nak(Math.min(1_000 * 2 ** message.info.redeliveryCount, MAX_RETRY_DELAY_MS));
    this.logger.warn({ seq: message.seq, err: (error as Error).message }, 'audit record not stored, will retry');
  }
}

function parseEvent(message: JsMsg): AuditEventDto | undefined {
  try {
    return parseAuditEvent(message.json());
  } catch {
    return undefined;
  }
}
