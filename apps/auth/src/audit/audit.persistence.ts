import { CreateAuditLog1732303000001 } from './audit-log.migration';

/** Entities of the audit context, in the auth schema (none: the log is written and read with plain SQL). */
export const AUDIT_ENTITIES: Array<new (...args: never[]) => unknown> = [];

/** Migrations of the audit context. */
export const AUDIT_MIGRATIONS: Array<new (...args: never[]) => unknown> = [CreateAuditLog1732303000001];
