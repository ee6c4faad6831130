import { Inject, Injectable } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { IDENTITY_EVENTS, STREAMS, type OrganizationDeletedEvent } from '@flotilla/contracts';
import { DurableConsumer, NATS_CONNECTION } from '@flotilla/common';
import { OrganizationCleanupService } from './organization-cleanup.service';

/** Durable consumer every registry replica shares. */
export const ORGANIZATION_CLEANUP_CONSUMER = 'registry-organization-deleted';

/**
 * Follows `identity.organization-deleted` (stream FLOTILLA_AUTH, created here with the same
 * definition only when the registry starts before auth) and deletes that organization's clusters and
 * its place in sharing lists. An event is acked once the cleanup committed; the cleanup is
 * idempotent, so a redelivery is harmless. Malformed events are terminated.
 */
@Injectable()
export class OrganizationCleanupConsumer extends DurableConsumer {
  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    private readonly cleanup: OrganizationCleanupService,
  ) {
    super(connection, {
      stream: STREAMS.auth,
      durable: ORGANIZATION_CLEANUP_CONSUMER,
      filterSubject: IDENTITY_EVENTS.organizationDeleted,
      maxAckPending: 100,
      batch: 32,
    });
  }

  protected async handle(message: JsMsg): Promise<void> {
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
      this.retryLater(message, error, `clusters of deleted organization ${orgId} not cleaned up yet`);
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
