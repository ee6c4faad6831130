import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { OrganizationParams } from '../identity/identity.params';

/**
 * Path parameters naming one reservation, `/orgs/{orgId}/quota-reservations/{reservationId}`; also the
 * `quota.reservation.get`, `.commit` and `.release` requests.
 */
export class ReservationParams extends OrganizationParams {
  @ApiProperty({ description: 'Reservation id', example: '3b9d2c1e-8f7a-4e6d-9c5b-1a2f3e4d5c6b', format: 'uuid' })
  @IsUUID()
  reservationId!: string;
}
