import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetQuotaRequest, ListQuotaReservationsRequest, QUOTA_SUBJECTS, ReservationParams, ReserveQuotaRequest, SetQuotaRequest,
  type QuotaDto, type QuotaReservationDto, type QuotaReservationPageDto,
} from '@flotilla/contracts';
import { createValidationPipe } from '@flotilla/common';
import { QuotaLimitsService } from './quota-limits.service';
import { QuotaReservationsService } from './quota-reservations.service';

/** NATS handlers of the quota ledger (`quota.*`); each delegates to a service. */
@Controller()
@UsePipes(createValidationPipe())
export class QuotaController {
  constructor(
    private readonly limits: QuotaLimitsService,
    private readonly reservations: QuotaReservationsService,
  ) {}

  @MessagePattern(QUOTA_SUBJECTS.get)
  get(@Payload() request: GetQuotaRequest): Promise<QuotaDto> {
    return this.limits.get(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.set)
  set(@Payload() request: SetQuotaRequest): Promise<QuotaDto> {
    return this.limits.set(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.reserve)
  reserve(@Payload() request: ReserveQuotaRequest): Promise<QuotaReservationDto> {
    return this.reservations.reserve(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.commit)
  commit(@Payload() request: ReservationParams): Promise<QuotaReservationDto> {
    return this.reservations.commit(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.release)
  release(@Payload() request: ReservationParams): Promise<QuotaReservationDto> {
    return this.reservations.release(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.reservationGet)
  reservation(@Payload() request: ReservationParams): Promise<QuotaReservationDto> {
    return this.reservations.get(request);
  }

  @MessagePattern(QUOTA_SUBJECTS.reservationList)
  list(@Payload() request: ListQuotaReservationsRequest): Promise<QuotaReservationPageDto> {
    return this.reservations.list(request);
  }
}
