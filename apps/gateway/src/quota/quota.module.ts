import { Module } from '@nestjs/common';

/** REST routes of the quota context, forwarded to the auth service over NATS. */
@Module({})
export class QuotaModule {}
