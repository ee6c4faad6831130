/** Entities of the identity context, in the auth schema. */
export const IDENTITY_ENTITIES: Array<new (...args: never[]) => unknown> = [];

/** Migrations of the identity context. */
export const IDENTITY_MIGRATIONS: Array<new (...args: never[]) => unknown> = [];
