import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { QUOTA_EVENTS, QuotaChangeReason, type QuotaChangedEvent, type QuotaScope } from '@flotilla/contracts';
import { OutboxWriter } from '@flotilla/common';
import type { ReservationRecord } from './quota-reservation.repository';
import { toExactStrings, type ResourceAmounts } from './quota-resources.util';

/** Emits `quota.changed` through the outbox, in the transaction of the ledger change it announces. */
@Injectable()
export class QuotaEvents {
  constructor(private readonly outbox: OutboxWriter) {}

  /** A reservation was made, committed, released or expired (`actorId` null for the reaper). */
  async reservationChanged(manager: EntityManager, reservation: ReservationRecord, reason: QuotaChangeReason, actorId: string | null): Promise<void> {
    await this.emit(manager, {
      orgId: reservation.orgId,
      reason,
      reservationId: reservation.id,
      state: reservation.state,
      scope: null,
      teamId: reservation.teamId,
      userId: reservation.userId,
      amounts: toExactStrings(reservation.amounts),
      actorId,
      occurredAt: new Date().toISOString(),
    });
  }

  /** The hard limits of a scope were replaced (`hard` holds the new ones; the rest are unlimited). */
  async limitsSet(manager: EntityManager, owner: { orgId: string; scope: QuotaScope; teamId: string | null; userId: string | null }, hard: ResourceAmounts, actorId: string): Promise<void> {
    await this.emit(manager, {
      ...owner,
      reason: QuotaChangeReason.LimitsSet,
      reservationId: null,
      state: null,
      amounts: toExactStrings(hard),
      actorId,
      occurredAt: new Date().toISOString(),
    });
  }

  private async emit(manager: EntityManager, event: QuotaChangedEvent): Promise<void> {
    await this.outbox.enqueue(manager, { subject: QUOTA_EVENTS.changed, payload: event });
  }
}
