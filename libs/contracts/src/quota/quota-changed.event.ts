import { ApiProperty } from '@nestjs/swagger';
import { QuotaChangeReason, QuotaScope, ReservationState } from './quota-resource';

/**
 * `quota.changed`: the ledger of an organization changed (a reservation was made, committed, released
 * or expired, or limits were set). Amounts are exact integers in each resource's unit, as strings.
 */
export class QuotaChangedEvent {
  @ApiProperty({ description: 'Organization whose ledger changed', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21' })
  orgId!: string;

  @ApiProperty({ description: 'What happened', enum: QuotaChangeReason, example: QuotaChangeReason.Reserved })
  reason!: QuotaChangeReason;

  @ApiProperty({ description: 'Reservation concerned (null for new limits)', example: '3b9d2c1e-8f7a-4e6d-9c5b-1a2f3e4d5c6b', type: String, nullable: true })
  reservationId!: string | null;

  @ApiProperty({ description: 'Reservation state after the change (null for new limits)', enum: ReservationState, nullable: true, example: ReservationState.Reserved })
  state!: ReservationState | null;

  @ApiProperty({ description: 'Quota level whose limits were set (null for reservations)', enum: QuotaScope, nullable: true, example: null })
  scope!: QuotaScope | null;

  @ApiProperty({ description: 'Team concerned', example: null, type: String, nullable: true })
  teamId!: string | null;

  @ApiProperty({ description: 'User concerned', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', type: String, nullable: true })
  userId!: string | null;

  @ApiProperty({
    description: 'Amounts of the reservation, or the new hard limits (exact integers as strings)',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { cpu: '500', memory: '2147483648' },
  })
  amounts!: Record<string, string>;

  @ApiProperty({ description: 'Who caused it (null for expiry by the reaper)', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', type: String, nullable: true })
  actorId!: string | null;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}
