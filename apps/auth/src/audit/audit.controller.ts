import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUDIT_SUBJECTS, ListAuditEventsQueryDto, type AuditEventPageDto } from '@flotilla/contracts';
import { createValidationPipe } from '@flotilla/common';
import { AuditService } from './audit.service';

/** NATS handlers of the audit context (records arrive through {@link AuditIntake}, not here). */
@Controller()
@UsePipes(createValidationPipe())
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @MessagePattern(AUDIT_SUBJECTS.list)
  list(@Payload() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
