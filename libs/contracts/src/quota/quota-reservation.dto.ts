import { ApiProperty } from '@nestjs/swagger';
import { QuotaQuantityDto } from './quota-quantity.dto';
import { ReservationState } from './quota-resource';

const TIME_EXAMPLE = '2026-01-31T12:00:00.000Z';

/** A reservation in the quota ledger. */
export class QuotaReservationDto {
  @ApiProperty({ description: 'Reservation id', example: '3b9d2c1e-8f7a-4e6d-9c5b-1a2f3e4d5c6b', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Organization charged', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', format: 'uuid' })
  orgId!: string;

  @ApiProperty({ description: 'Team charged, if any', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', type: String, nullable: true, format: 'uuid' })
  teamId!: string | null;

  @ApiProperty({ description: 'User charged, if any', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', type: String, nullable: true, format: 'uuid' })
  userId!: string | null;

  @ApiProperty({ description: 'reserved → committed → released, or reserved → released | expired', enum: ReservationState, example: ReservationState.Reserved })
  state!: ReservationState;

  @ApiProperty({
    description: 'Amounts held, per resource',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/QuotaQuantityDto' },
    example: { cpu: { quantity: '500m', value: '500' }, memory: { quantity: '2Gi', value: '2147483648' } },
  })
  amounts!: Record<string, QuotaQuantityDto>;

  @ApiProperty({ description: 'Idempotency key it was created with', example: 'workload-7f3a/create' })
  idempotencyKey!: string;

  @ApiProperty({ description: 'Time to live it was created with, in seconds', example: 300 })
  ttlSeconds!: number;

  @ApiProperty({ description: 'When an uncommitted reservation expires', example: TIME_EXAMPLE, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ description: 'When it was created', example: TIME_EXAMPLE, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'When it was committed', example: null, type: String, nullable: true, format: 'date-time' })
  committedAt!: string | null;

  @ApiProperty({ description: 'When it was released or expired', example: null, type: String, nullable: true, format: 'date-time' })
  endedAt!: string | null;

  @ApiProperty({ description: 'User who created it', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  createdBy!: string;

  @ApiProperty({ description: 'True when this answer replays an earlier request with the same idempotency key', example: false })
  replayed!: boolean;
}
