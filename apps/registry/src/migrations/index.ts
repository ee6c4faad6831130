import { CLUSTERS_ENTITIES, CLUSTERS_MIGRATIONS } from '../clusters/clusters.persistence';
import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS } from '../credentials/credentials.persistence';

/** Entities of the registry schema (added by the bounded contexts as they land). */
export const REGISTRY_ENTITIES = [...CLUSTERS_ENTITIES, ...CREDENTIALS_ENTITIES];

/** Migrations of the registry schema, oldest first. */
export const REGISTRY_MIGRATIONS = [...CLUSTERS_MIGRATIONS, ...CREDENTIALS_MIGRATIONS];
