import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode as NatsErrorCode, type JetStreamClient, type NatsConnection } from 'nats';
import { AUDIT_EVENTS, AUDIT_STREAM, type AuditEventDto } from '@flotilla/contracts';
import { ensureStreams, NATS_CONNECTION } from '@flotilla/common';

/** Where the gateway hands audit records; resolves once the record is durably accepted. */
export abstract class AuditSink {
  abstract publish(event: AuditEventDto): Promise<void>;
}

const PUBLISH_TIMEOUT_MS = 5_000;
const encoder = new TextEncoder();

/**
 * Publishes audit records to the FLOTILLA_AUDIT JetStream stream, which the auth service consumes.
 *
 * Why JetStream rather than `auth.*` request/reply: a publish is acked by NATS once the record is
 * stored, so auth being down, slow or redeploying costs nothing — records wait in the stream (7
 * days) rather than in this process's memory, survive a gateway restart from the moment they are
 * acked, and are shared out to whichever auth replica is up. The gateway's own bounded retry queue
 * ({@link AuditPublisher}) then only has to cover NATS itself being unreachable. The event id is the
 * `Nats-Msg-Id`, so a publish retried after a lost ack is dropped by the stream's duplicate window,
 * and auth stores each event id once whatever is redelivered.
 */
@Injectable()
export class JetStreamAuditSink extends AuditSink {
  private readonly js: JetStreamClient;
  private streamReady: Promise<void> | undefined;

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {
    super();
    this.js = connection.jetstream();
  }

  async publish(event: AuditEventDto): Promise<void> {
    // the stream is created by whichever of gateway and auth starts first (idempotent)
    await (this.streamReady ??= this.ensureStream());
    try {
      await this.js.publish(AUDIT_EVENTS.requestCompleted, encoder.encode(JSON.stringify(event)), { msgID: event.id, timeout: PUBLISH_TIMEOUT_MS });
    } catch (error) {
      // "no responders": no stream captures the subject (deleted, or JetStream restarted empty)
      if ((error as { code?: string }).code === NatsErrorCode.NoResponders) this.streamReady = undefined;
      throw error;
    }
  }

  private ensureStream(): Promise<void> {
    return ensureStreams(this.connection, [AUDIT_STREAM]).catch((error: unknown) => {
      this.streamReady = undefined;
      throw error;
    });
  }
}
