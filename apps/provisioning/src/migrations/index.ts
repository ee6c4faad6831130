/** Entities of the provisioning schema (added by the bounded contexts as they land). */
export const PROVISIONING_ENTITIES = [];

/** Migrations of the provisioning schema, oldest first. */
export const PROVISIONING_MIGRATIONS = [];
