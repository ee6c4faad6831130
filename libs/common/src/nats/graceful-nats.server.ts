import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';
import type { InFlightTracker } from './in-flight.tracker';

/** The Nest NATS server keeps its subscriptions private; shutdown needs them to stop intake first. */
interface ServerNatsInternals {
  subscriptions?: Subscription[];
}

/**
 * Nest's NATS transporter with a real drain on shutdown: unsubscribe (take no new messages), wait
 * until every in-flight handler has replied (bounded by `drainTimeoutMs`), flush the replies, close.
 * Nest's own `gracefulShutdown` only sleeps for a fixed grace period.
 */
export class GracefulNatsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly tracker: InFlightTracker,
    private readonly drainTimeoutMs: number,
  ) {
    super(options);
  }

  override async close(): Promise<void> {
    const connection = this.connectionOrNull();
    if (connection && !connection.isClosed()) {
      (this as unknown as ServerNatsInternals).subscriptions?.forEach((sub) => sub.unsubscribe());
      await this.tracker.idle(this.drainTimeoutMs);
      await connection.flush().catch(() => undefined);
    }
    await super.close();
  }

  private connectionOrNull(): NatsConnection | null {
    try {
      return this.unwrap<NatsConnection>();
    } catch {
      return null;
    }
  }
}
