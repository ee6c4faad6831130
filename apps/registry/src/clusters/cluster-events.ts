import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { REGISTRY_EVENTS } from '@flotilla/contracts';
import { OutboxWriter } from '@flotilla/common';
import type { ClusterEntity } from './cluster.entity';
import { toClusterEvent } from './cluster.mapper';

type RegistryEvent = (typeof REGISTRY_EVENTS)[keyof typeof REGISTRY_EVENTS];

/** Emits `cluster.*` events through the outbox, in the transaction of the change they announce. */
@Injectable()
export class ClusterEvents {
  constructor(private readonly outbox: OutboxWriter) {}

  /** `subject` about `cluster` as it is now; `actorId` null for the system. */
  async emit(manager: EntityManager, subject: RegistryEvent, cluster: ClusterEntity, actorId: string | null): Promise<void> {
    await this.outbox.enqueue(manager, { subject, payload: toClusterEvent(cluster, actorId) });
  }

  /** `cluster.updated` when what the event carries (status, provider, version, server, sharing) changed. */
  async emitIfChanged(manager: EntityManager, before: ClusterEntity, after: ClusterEntity, actorId: string | null): Promise<void> {
    if (eventState(before) === eventState(after)) return;
    await this.emit(manager, REGISTRY_EVENTS.updated, after, actorId);
  }
}

function eventState(cluster: ClusterEntity): string {
  const { occurredAt: _occurredAt, actorId: _actorId, ...state } = toClusterEvent(cluster, null);
  return JSON.stringify(state);
}
