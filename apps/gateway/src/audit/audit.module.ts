import { Module } from '@nestjs/common';

/** REST routes of the audit context, forwarded to the auth service over NATS. */
@Module({})
export class AuditModule {}
