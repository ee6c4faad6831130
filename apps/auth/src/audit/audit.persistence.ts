/** Entities of the audit context, in the auth schema. */
export const AUDIT_ENTITIES: Array<new (...args: never[]) => unknown> = [];

/** Migrations of the audit context. */
export const AUDIT_MIGRATIONS: Array<new (...args: never[]) => unknown> = [];
