/** Entities of the registry schema (added by the bounded contexts as they land). */
export const REGISTRY_ENTITIES = [];

/** Migrations of the registry schema, oldest first. */
export const REGISTRY_MIGRATIONS = [];
