import { Injectable } from '@nestjs/common';
import { AUDIT_SUBJECTS, type AuditEventPageDto, type ListAuditEventsQueryDto } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** Asks the auth service for audit events; it decides what the caller may see. */
@Injectable()
export class AuditService {
  constructor(private readonly nats: NatsRequester) {}

  list(query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.nats.request<AuditEventPageDto>(AUDIT_SUBJECTS.list, query);
  }
}
