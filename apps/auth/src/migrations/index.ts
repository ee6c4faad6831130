/** Entities of the auth schema (added by the bounded contexts as they land). */
export const AUTH_ENTITIES = [];

/** Migrations of the auth schema, oldest first. */
export const AUTH_MIGRATIONS = [];
