import { ApiProperty } from '@nestjs/swagger';
import { QuotaQuantityDto } from './quota-quantity.dto';
import { QuotaScope, QuotaUnit } from './quota-resource';

/** Limit and consumption of one resource in one quota. */
export class QuotaResourceDto {
  @ApiProperty({ description: 'Resource name', example: 'memory' })
  resource!: string;

  @ApiProperty({ description: 'Unit of the exact values', enum: QuotaUnit, example: QuotaUnit.Bytes })
  unit!: QuotaUnit;

  @ApiProperty({ description: 'Hard limit; null when unlimited', type: QuotaQuantityDto, nullable: true, example: { quantity: '64Gi', value: '68719476736' } })
  hard!: QuotaQuantityDto | null;

  @ApiProperty({ description: 'Committed usage', type: QuotaQuantityDto, example: { quantity: '8Gi', value: '8589934592' } })
  used!: QuotaQuantityDto;

  @ApiProperty({ description: 'Held by reservations not committed yet', type: QuotaQuantityDto, example: { quantity: '2Gi', value: '2147483648' } })
  reserved!: QuotaQuantityDto;

  @ApiProperty({
    description: 'What a new reservation can still take (hard − used − reserved, never below 0); null when unlimited',
    type: QuotaQuantityDto,
    nullable: true,
    example: { quantity: '54Gi', value: '57982058496' },
  })
  available!: QuotaQuantityDto | null;

  @ApiProperty({ description: 'True when used + reserved exceeds the hard limit (it was lowered below use): new reservations of it are refused', example: false })
  overLimit!: boolean;
}

/** The quota of an organization, or of one team or user within it. */
export class QuotaDto {
  @ApiProperty({ description: 'Level of this quota', enum: QuotaScope, example: QuotaScope.Team })
  scope!: QuotaScope;

  @ApiProperty({ description: 'Organization', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', format: 'uuid' })
  orgId!: string;

  @ApiProperty({ description: 'Team, for a team quota', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', type: String, nullable: true, format: 'uuid' })
  teamId!: string | null;

  @ApiProperty({ description: 'User, for a user quota', example: null, type: String, nullable: true, format: 'uuid' })
  userId!: string | null;

  @ApiProperty({ description: 'True when any resource is over its limit', example: false })
  overLimit!: boolean;

  @ApiProperty({ description: 'Every standard resource, then any other resource with a limit or usage', type: [QuotaResourceDto] })
  resources!: QuotaResourceDto[];
}
