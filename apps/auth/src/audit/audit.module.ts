import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditIntake } from './audit.intake';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit bounded context of the auth service: the audit log of every mutating request. */
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditIntake],
})
export class AuditModule {}
