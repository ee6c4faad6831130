import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { KeysetPageQuery } from '../paging/keyset-page.query';
import { OrganizationParams } from '../identity/identity.params';
import { QuotaReservationDto } from './quota-reservation.dto';
import { ReservationState } from './quota-resource';

/** Query of GET /api/v1/orgs/{orgId}/quota-reservations: newest first, keyset pagination. */
export class ListQuotaReservationsQuery extends KeysetPageQuery {
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
