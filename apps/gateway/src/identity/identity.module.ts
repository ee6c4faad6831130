import { Module } from '@nestjs/common';

/** REST routes of the identity context, forwarded to the auth service over NATS. */
@Module({})
export class IdentityModule {}
