import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmptyObject, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from './quota-quantity.dto';
import { RESERVATION_TTL_SECONDS } from './quota-resource';

/** Idempotency keys: 1 to 200 printable ASCII characters without spaces. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** What a reservation asks for, whoever the owner is. */
export class ReservationTermsDto {
  @ApiProperty({
    description: 'Amounts to reserve per resource, as Kubernetes quantities (GPUs and other extended resources as whole numbers)',
    ...RESOURCE_QUANTITIES_SCHEMA,
    example: { cpu: '500m', memory: '2Gi', workloads: '1', 'nvidia.com/gpu': '1' },
  })
  @IsObject()
  @IsNotEmptyObject()
  amounts!: ResourceQuantities;

  @ApiProperty({
    description: 'Client-chosen key, unique per organization: the same key with the same request returns the same reservation; with a different request it is refused (422)',
    example: 'workload-7f3a/create',
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
  })
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey must be 1 to 200 printable ASCII characters without spaces' })
  idempotencyKey!: string;

  @ApiPropertyOptional({
    description: 'Seconds the reservation waits for its commit before it expires and frees its amounts',
    example: RESERVATION_TTL_SECONDS.default,
    minimum: RESERVATION_TTL_SECONDS.min,
    maximum: RESERVATION_TTL_SECONDS.max,
    default: RESERVATION_TTL_SECONDS.default,
  })
  @IsOptional()
  @IsInt()
  @Min(RESERVATION_TTL_SECONDS.min)
  @Max(RESERVATION_TTL_SECONDS.max)
  ttlSeconds?: number;
}

/** Body of POST /api/v1/orgs/{orgId}/quota-reservations: the organization comes from the path. */
export class ReserveQuotaDto extends ReservationTermsDto {
  @ApiPropertyOptional({ description: 'Team charged as well (its quota is checked too)', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    description: 'User charged as well; default: the caller when it belongs to the organization (members may only name themselves)',
    example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** Whom a reservation charges: the organization and, optionally, a team and a user within it. */
export class QuotaOwnerDto {
  @ApiPropertyOptional({
    description: "Organization; default: the caller's. Only platform admins name another (anyone else gets 404)",
    example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({ description: 'Team charged as well', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'User charged as well; default: the caller when it belongs to the organization', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** The `quota.reservation.create` request (provisioning, or the gateway on an admin's behalf). */
export class ReserveQuotaRequest extends ReservationTermsDto {
  @ApiPropertyOptional({ description: "Whom the reservation charges (default: the caller's organization, and the caller)", type: QuotaOwnerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuotaOwnerDto)
  owner?: QuotaOwnerDto;
}
