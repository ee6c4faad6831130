import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { HEADERS } from '@flotilla/contracts';
import { RequestContext } from '../logging/request-context';
import { OutboxMessage } from './outbox-message.entity';

/** A domain event to publish once the surrounding transaction commits. */
export interface OutboxEvent {
  /** Past-tense event subject, captured by the owning service's stream (`workload.provisioned`). */
  subject: string;
  /** JSON-serialisable body (an event DTO); must not be `undefined`. */
  payload: unknown;
  /** Extra NATS headers; `x-request-id` is added from the current request when not given. */
  headers?: Record<string, string>;
}

/**
 * Writes domain events into the outbox with the caller's transactional `EntityManager`, so that an
 * event and the change it announces commit or roll back together. Publishing happens later, in the
 * {@link OutboxRelay}.
 */
@Injectable()
export class OutboxWriter {
  /** Enqueues one event in the caller's transaction and returns its id (the JetStream msg id). */
  async enqueue(manager: EntityManager, event: OutboxEvent): Promise<string> {
    const id = randomUUID();
    const headers = withRequestId(event.headers);
    await manager.insert(OutboxMessage, {
      id,
      subject: event.subject,
      // any JSON value; TypeORM's insert type cannot express `unknown`
      payload: event.payload as object,
      headers: Object.keys(headers).length > 0 ? headers : null,
      // clock_timestamp(), not now(): events of one transaction keep the order they were enqueued in
      createdAt: () => 'clock_timestamp()',
    });
    return id;
  }
}

function withRequestId(headers: Record<string, string> = {}): Record<string, string> {
  const requestId = RequestContext.current()?.requestId;
  return requestId ? { [HEADERS.requestId]: requestId, ...headers } : { ...headers };
}
