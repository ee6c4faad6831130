import { Module } from '@nestjs/common';
import { QuotaReservationsController } from './quota-reservations.controller';
import { QuotaController } from './quota.controller';
import { QuotaService } from './quota.service';

/** REST routes of the quota context, forwarded to the auth service over NATS. */
@Module({ controllers: [QuotaController, QuotaReservationsController], providers: [QuotaService] })
export class QuotaModule {}
