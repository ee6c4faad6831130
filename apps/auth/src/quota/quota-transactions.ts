import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { MissingLedgerRowsError, QuotaLedgerRepository } from './quota-ledger.repository';

const MAX_ATTEMPTS = 4;
// deadlock_detected, serialization_failure: safe to run the whole transaction again
const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string } }).driverError ?? (error as { code?: string });
  return RETRYABLE.has(driver?.code ?? '');
}

/**
 * Runs ledger work in one READ COMMITTED transaction. When the work finds that ledger rows it
 * needs do not exist yet, they are created outside any transaction and the work runs again (so no
 * transaction ever waits on an insert while holding row locks); a deadlock or serialization failure
 * (not expected: every writer locks in primary-key order) is retried as well.
 */
@Injectable()
export class QuotaTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: QuotaLedgerRepository,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        if (error instanceof MissingLedgerRowsError) await this.ledger.ensureRows(error.orgId, error.keys);
        else if (!isRetryable(error)) throw error;
      }
    }
  }
}
