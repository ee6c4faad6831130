import { Inject, Injectable } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { AUDIT_CONSUMER, AUDIT_STREAM, type AuditEventDto } from '@flotilla/contracts';
import { DurableConsumer, NATS_CONNECTION } from '@flotilla/common';
import { parseAuditEvent } from './audit-payload.util';
import { auditDropped } from './audit.metrics';
import { AuditService } from './audit.service';

/** A record the database keeps refusing is given up (and counted) before the stream's 7-day retention would drop it silently. */
const GIVE_UP_AFTER_MS = 6 * 24 * 60 * 60 * 1000;

/**
 * Moves audit records from the FLOTILLA_AUDIT JetStream stream into the audit log. One durable
 * pull consumer is shared by every auth replica; a record is acked only once stored (idempotent by
 * event id, so a redelivery is harmless). While Postgres is unavailable records are nak'ed with a
 * growing delay and stay in the stream; malformed ones are terminated and counted as dropped.
 */
@Injectable()
export class AuditIntake extends DurableConsumer {
  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    private readonly audit: AuditService,
  ) {
    super(connection, { stream: AUDIT_STREAM, durable: AUDIT_CONSUMER, filterSubject: AUDIT_STREAM.subjects[0], maxAckPending: 1_000, batch: 256 });
  }

  protected async handle(message: JsMsg): Promise<void> {
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
      this.storeFailed(message, error);
    }
  }

  private storeFailed(message: JsMsg, error: unknown): void {
    const ageMs = Date.now() - message.info.timestampNanos / 1e6;
    if (ageMs > GIVE_UP_AFTER_MS) {
      message.term();
      auditDropped.inc({ reason: 'store_failed' });
      this.logger.error({ seq: message.seq, err: (error as Error).message }, 'audit record dropped after days of failed storing');
      return;
    }
    this.retryLater(message, error, 'audit record not stored');
  }
}

function parseEvent(message: JsMsg): AuditEventDto | undefined {
  try {
    return parseAuditEvent(message.json());
  } catch {
    return undefined;
  }
}
