import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { OrganizationParams } from '../identity/identity.params';
import { QuotaReservationDto } from './quota-reservation.dto';
import { ReservationState } from './quota-resource';

/** Query of GET /api/v1/orgs/{orgId}/quota-reservations: newest first, keyset pagination. */
export class ListQuotaReservationsQuery {
  @ApiPropertyOptional({ description: 'Only reservations in this state', enum: ReservationState, example: ReservationState.Reserved })
  @IsOptional()
  @IsEnum(ReservationState)
  state?: ReservationState;

  @ApiPropertyOptional({ description: 'Only those charging this team', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'Only those charging this user', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'Page size', example: 50, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: 'MjAyNi0wMS0zMVQxMjowMDowMC4wMDBafDNiOWQ...' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}

/** The `quota.reservation.list` request. */
export class ListQuotaReservationsRequest extends IntersectionType(OrganizationParams, ListQuotaReservationsQuery) {}

/** One page of reservations. */
export class QuotaReservationPageDto {
  @ApiProperty({ description: 'Reservations, newest first', type: [QuotaReservationDto] })
  items!: QuotaReservationDto[];

  @ApiProperty({ description: 'Cursor of the next page; null on the last one', example: null, type: String, nullable: true })
  nextCursor!: string | null;
}
