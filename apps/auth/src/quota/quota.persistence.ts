import { CreateQuotaLedger1732302000000 } from './migrations/create-quota-ledger.migration';

/**
 * Entities of the quota context, in the auth schema. None: the ledger is read and written with
 * plain SQL (row locks in a fixed order, conditional updates) by its repositories.
 */
export const QUOTA_ENTITIES: Array<new (...args: never[]) => unknown> = [];

/** Migrations of the quota context (after identity's: the ledger references its tables). */
export const QUOTA_MIGRATIONS: Array<new (...args: never[]) => unknown> = [CreateQuotaLedger1732302000000];
