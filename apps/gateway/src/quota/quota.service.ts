import { Injectable } from '@nestjs/common';
import {
  QUOTA_SUBJECTS,
  type GetQuotaRequest, type ListQuotaReservationsRequest, type QuotaDto, type QuotaReservationDto, type QuotaReservationPageDto,
  type ReservationParams, type ReserveQuotaDto, type ReserveQuotaRequest, type SetQuotaRequest,
} from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/**
 * Forwards quota requests to the auth service, which owns the ledger and decides who may do what
 * (the caller's identity travels with every request). Quantities are parsed strictly there, so a bad
 * one is a 400 naming the field whether it came over HTTP or NATS.
 */
@Injectable()
export class QuotaService {
  constructor(private readonly nats: NatsRequester) {}

  get(request: GetQuotaRequest): Promise<QuotaDto> {
    return this.nats.request<QuotaDto>(QUOTA_SUBJECTS.get, request);
  }

  set(request: SetQuotaRequest): Promise<QuotaDto> {
    return this.nats.request<QuotaDto>(QUOTA_SUBJECTS.set, request);
  }

  /** The organization comes from the path; the body names the team and user charged, if any. */
  reserve(orgId: string, body: ReserveQuotaDto): Promise<QuotaReservationDto> {
    const { teamId, userId, ...terms } = body;
    const request: ReserveQuotaRequest = { ...terms, owner: { orgId, teamId, userId } };
    return this.nats.request<QuotaReservationDto>(QUOTA_SUBJECTS.reserve, request);
  }

  commit(params: ReservationParams): Promise<QuotaReservationDto> {
    return this.nats.request<QuotaReservationDto>(QUOTA_SUBJECTS.commit, params);
  }

  release(params: ReservationParams): Promise<QuotaReservationDto> {
    return this.nats.request<QuotaReservationDto>(QUOTA_SUBJECTS.release, params);
  }

  reservation(params: ReservationParams): Promise<QuotaReservationDto> {
    return this.nats.request<QuotaReservationDto>(QUOTA_SUBJECTS.reservationGet, params);
  }

  reservations(request: ListQuotaReservationsRequest): Promise<QuotaReservationPageDto> {
    return this.nats.request<QuotaReservationPageDto>(QUOTA_SUBJECTS.reservationList, request);
  }
}
