import { Module } from '@nestjs/common';

/** The quota bounded context of the auth service. */
@Module({})
export class QuotaModule {}
