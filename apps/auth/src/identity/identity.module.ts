import { Module } from '@nestjs/common';

/** The identity bounded context of the auth service. */
@Module({})
export class IdentityModule {}
