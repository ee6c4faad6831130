import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { StreamDefinition } from '@flotilla/contracts';
import { ensureStreams } from '../outbox/jetstream.setup';

const ACK_WAIT_MS = 30_000;
const MAX_RETRY_DELAY_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

/** Which events a {@link DurableConsumer} follows. */
export interface DurableConsumerOptions {
  /** Stream holding the events (created with this definition if its owner has not started yet). */
  stream: StreamDefinition;
  /** Durable consumer name, shared by every replica of the service. */
  durable: string;
  /** The one subject consumed. */
  filterSubject: string;
  /** Unacknowledged events in flight at most. */
  maxAckPending: number;
  /** Events pulled per batch. */
  batch: number;
}

/**
 * One durable JetStream pull consumer shared by every replica of a service: at-least-once delivery,
 * explicit acks. Subclasses handle one message at a time and ack, term or {@link retryLater} it;
 * the consumer resumes after NATS interruptions and drains before the application shuts down.
 */
export abstract class DurableConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;

  protected constructor(
    private readonly connection: NatsConnection,
    private readonly options: DurableConsumerOptions,
  ) {}

  /** Handles one event: ack it once its effect is committed (handlers must be idempotent). */
  protected abstract handle(message: JsMsg): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    const { stream, durable, filterSubject, maxAckPending } = this.options;
    await ensureStreams(this.connection, [stream]);
    const jsm = await this.connection.jetstreamManager();
    await jsm.consumers.add(stream.name, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: maxAckPending,
      filter_subject: filterSubject,
    });
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops taking events and waits for the one being handled, while Postgres and NATS are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.loop;
  }

  /** Asks for redelivery with a delay growing with each attempt (capped at a minute). */
  protected retryLater(message: JsMsg, error: unknown, what: string): void {
    message.nak(Math.min(1_000 * 2 ** message.info.redeliveryCount, MAX_RETRY_DELAY_MS));
    this.logger.warn({ seq: message.seq, err: (error as Error).message }, `${what}, will retry`);
  }

  private async run(): Promise<void> {
    const { stream, durable, batch } = this.options;
    while (!this.stopping) {
      try {
        const consumer = await this.connection.jetstream().consumers.get(stream.name, durable);
        this.messages = await consumer.consume({ max_messages: batch });
        if (this.stopping) this.messages.stop();
        for await (const message of this.messages) await this.handle(message);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, durable }, 'consumer interrupted, resuming');
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }
}
