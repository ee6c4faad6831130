import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { IDENTITY_EVENTS, STREAMS, type OrganizationDeletedEvent } from '@flotilla/contracts';
import { ensureStreams, NATS_CONNECTION } from '@flotilla/common';
import { OrganizationCleanupService } from './organization-cleanup.service';

/** Durable consumer every registry replica shares. */
export const ORGANIZATION_CLEANUP_CONSUMER = 'registry-organization-deleted';

const ACK_WAIT_MS = 30_000;
const MAX_RETRY_DELAY_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

/**
 * Follows `identity.organization-deleted` (stream FLOTILLA_AUTH, one durable pull consumer shared by
 * the replicas) and deletes that organization's clusters and its place in sharing lists. An event is
 * acked once the cleanup committed; the cleanup is idempotent, so a redelivery is harmless. While
 * Postgres is unavailable events are nak'ed with a growing delay; malformed ones are terminated.
 */
@Injectable()
export class OrganizationCleanupConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrganizationCleanupConsumer.name);
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cleanup: OrganizationCleanupService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // the auth service owns the stream; creating it here (same definition) only matters when registry starts first
    await ensureStreams(this.connection, [STREAMS.auth]);
    const jsm = await this.connection.jetstreamManager();
    await jsm.consumers.add(STREAMS.auth.name, {
      durable_name: ORGANIZATION_CLEANUP_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 100,
      filter_subject: IDENTITY_EVENTS.organizationDeleted,
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

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.connection.jetstream().consumers.get(STREAMS.auth.name, ORGANIZATION_CLEANUP_CONSUMER);
        this.messages = await consumer.consume({ max_messages: 32 });
        if (this.stopping) this.messages.stop();
        for await (const message of this.messages) await this.handle(message);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'organization cleanup interrupted, resuming');
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const orgId = orgIdOf(message);
    if (!orgId) {
      message.term();
      this.logger.warn({ seq: message.seq }, 'malformed identity.organization-deleted event dropped');
      return;
    }
    try {
      await this.cleanup.organizationDeleted(orgId);
      message.ack();
    } catch (error) {
      message.nak(Math.min(1_000 * 2 ** message.info.redeliveryCount, MAX_RETRY_DELAY_MS));
      this.logger.warn({ seq: message.seq, orgId, err: (error as Error).message }, 'clusters of a deleted organization not cleaned up yet, will retry');
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orgIdOf(message: JsMsg): string | undefined {
  try {
    const { orgId } = message.json<Partial<OrganizationDeletedEvent>>();
    return typeof orgId === 'string' && UUID.test(orgId) ? orgId : undefined;
  } catch {
    return undefined;
  }
}
