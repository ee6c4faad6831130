/** Entities of the quota context, in the auth schema. */
export const QUOTA_ENTITIES: Array<new (...args: never[]) => unknown> = [];

/** Migrations of the quota context. */
export const QUOTA_MIGRATIONS: Array<new (...args: never[]) => unknown> = [];
