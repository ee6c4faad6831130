// Test kit of the credentials integration specs: the vault on a schema of its own (so a spec sees
// only its own rows), key rings built from named keys, and credentials worth stealing.
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { CredentialType } from '@flotilla/contracts';
import type { ClusterAccess } from '@flotilla/kube';
import { openMigratedDataSource, serviceDataSourceOptions } from '@flotilla/persistence';
import { CredentialVault, type CredentialMetadata } from '../credential-vault.service';
import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS } from '../credentials.persistence';
import { CredentialsRepository } from '../credentials.repository';
import { KeyRing, type KeyEncryptionKey } from '../key-ring';

/** A fresh schema in the run's database holding only the credentials table. */
export async function credentialsSchema(): Promise<DataSource> {
  const schema = `vault_${randomUUID().slice(0, 8)}`;
  const options = await serviceDataSourceOptions({ url: inject('databaseUrl'), schema, entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
  return openMigratedDataSource({ ...options, logging: false });
}

/** Drops the schema of a data source from {@link credentialsSchema} and closes it. */
export async function dropSchema(dataSource: DataSource): Promise<void> {
  const schema = (dataSource.options as { schema: string }).schema;
  await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  await dataSource.destroy();
}

/** A random key-encryption key. */
export function kek(id: string): KeyEncryptionKey {
  return { id, key: randomBytes(32) };
}

/** The vault as the registry builds it, over `keys` (the last one active unless named). */
export function vaultWith(dataSource: DataSource, keys: KeyEncryptionKey[], activeId = keys.at(-1)!.id): CredentialVault {
  return new CredentialVault(new CredentialsRepository(dataSource), new KeyRing(keys, activeId));
}

/** Bearer-token access with a recognisable, random token. */
export function tokenAccess(): ClusterAccess & { token: string } {
  return { server: `https://10.0.0.1:6443/clusters/${randomUUID().slice(0, 6)}`, token: `tok_${randomBytes(24).toString('hex')}`, caData: randomBytes(64).toString('base64') };
}

export const TOKEN_METADATA: CredentialMetadata = { type: CredentialType.Token, method: 'token', expiresAt: null, hostRequirement: null };

/** Stores `access` for a new cluster id in its own transaction, as the clusters context does. */
export async function storeNew(dataSource: DataSource, vault: CredentialVault, access: ClusterAccess = tokenAccess()): Promise<string> {
  const clusterId = randomUUID();
  await dataSource.transaction((manager) => vault.store(manager, clusterId, access, TOKEN_METADATA));
  return clusterId;
}
