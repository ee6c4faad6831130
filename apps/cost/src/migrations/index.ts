/** Entities of the cost schema (added by the bounded contexts as they land). */
export const COST_ENTITIES = [];

/** Migrations of the cost schema, oldest first. */
export const COST_MIGRATIONS = [];
