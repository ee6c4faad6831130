import { ClusterEntity } from './cluster.entity';
import { CreateClusters1732401000000 } from './migrations/create-clusters.migration';

/** Entities of the clusters context, in the registry schema. */
export const CLUSTERS_ENTITIES: Array<new (...args: never[]) => unknown> = [ClusterEntity];

/** Migrations of the clusters context (17324010000xx). */
export const CLUSTERS_MIGRATIONS: Array<new (...args: never[]) => unknown> = [CreateClusters1732401000000];
