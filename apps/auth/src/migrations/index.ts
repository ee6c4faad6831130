import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '../audit/audit.persistence';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from '../identity/identity.persistence';
import { QUOTA_ENTITIES, QUOTA_MIGRATIONS } from '../quota/quota.persistence';

/** Entities of the auth schema, by bounded context. */
export const AUTH_ENTITIES = [...IDENTITY_ENTITIES, ...QUOTA_ENTITIES, ...AUDIT_ENTITIES];

/**
 * Migrations of the auth schema. TypeORM orders them by the timestamp in their class names:
 * identity uses 17323010000xx, quota 17323020000xx, audit 17323030000xx.
 */
export const AUTH_MIGRATIONS = [...IDENTITY_MIGRATIONS, ...QUOTA_MIGRATIONS, ...AUDIT_MIGRATIONS];
