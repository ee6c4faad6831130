import { ClusterCredentialEntity } from './cluster-credential.entity';
import { CreateClusterCredentials1732402000000 } from './migrations/create-cluster-credentials.migration';

/** Entities of the credentials context, in the registry schema. */
export const CREDENTIALS_ENTITIES: Array<new (...args: never[]) => unknown> = [ClusterCredentialEntity];

/** Migrations of the credentials context (17324020000xx). */
export const CREDENTIALS_MIGRATIONS: Array<new (...args: never[]) => unknown> = [CreateClusterCredentials1732402000000];
