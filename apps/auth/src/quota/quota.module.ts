import { Module } from '@nestjs/common';
import { QuotaController } from './quota.controller';
import { QuotaDirectoryRepository } from './quota-directory.repository';
import { QuotaEvents } from './quota-events';
import { QuotaLedgerRepository } from './quota-ledger.repository';
import { QuotaLimitsService } from './quota-limits.service';
import { QuotaReservationRepository } from './quota-reservation.repository';
import { QuotaReservationsService } from './quota-reservations.service';
import { QuotaTransactions } from './quota-transactions';
import { QuotaReaper } from './quota.reaper';

/**
 * The quota bounded context of the auth service: hard limits per organization, team and user, and
 * the ledger of reservations against them (reserve, commit, release, expiry), over NATS.
 */
@Module({
  controllers: [QuotaController],
  providers: [
    QuotaLedgerRepository,
    QuotaReservationRepository,
    QuotaDirectoryRepository,
    QuotaTransactions,
    QuotaEvents,
    QuotaLimitsService,
    QuotaReservationsService,
    QuotaReaper,
  ],
  exports: [QuotaReservationsService, QuotaLimitsService, QuotaReaper],
})
export class QuotaModule {}
