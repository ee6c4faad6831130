import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditHook } from './audit.hook';
import { AUDIT_PUBLISHER_OPTIONS, AuditPublisher, DEFAULT_AUDIT_PUBLISHER_OPTIONS } from './audit.publisher';
import { AuditService } from './audit.service';
import { AuditSink, JetStreamAuditSink } from './audit.sink';

/**
 * The audit context of the gateway: records every mutating API request (Fastify hooks, queued and
 * published to JetStream off the request path) and serves the audit log from the auth service.
 */
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditHook,
    AuditPublisher,
    { provide: AuditSink, useClass: JetStreamAuditSink },
    { provide: AUDIT_PUBLISHER_OPTIONS, useValue: DEFAULT_AUDIT_PUBLISHER_OPTIONS },
  ],
})
export class AuditModule {}
