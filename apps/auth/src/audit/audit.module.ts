import { Module } from '@nestjs/common';

/** The audit bounded context of the auth service. */
@Module({})
export class AuditModule {}
