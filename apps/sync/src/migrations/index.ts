/** Entities of the sync schema (added by the bounded contexts as they land). */
export const SYNC_ENTITIES = [];

/** Migrations of the sync schema, oldest first. */
export const SYNC_MIGRATIONS = [];
