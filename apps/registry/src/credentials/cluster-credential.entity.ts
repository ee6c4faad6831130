import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CredentialType } from '@flotilla/contracts';

/**
 * The stored credentials of one cluster: an AES-256-GCM envelope (data ciphertext, its data key
 * wrapped by the key-encryption key `kekId`) beside metadata that may be shown (type, method,
 * expiry, what the host needs). No foreign key to clusters: the clusters context removes the row
 * in its own delete transaction.
 */
@Entity({ name: 'cluster_credentials' })
export class ClusterCredentialEntity {
  @PrimaryColumn('uuid', { name: 'cluster_id' })
  clusterId: string;

  @Column('smallint', { name: 'envelope_version' })
  version: number;

  @Column('text', { name: 'kek_id' })
  kekId: string;

  @Column('bytea', { name: 'wrapped_key' })
  wrappedKey: Buffer;

  @Column('bytea', { name: 'wrap_nonce' })
  wrapNonce: Buffer;

  @Column('bytea', { name: 'wrap_tag' })
  wrapTag: Buffer;

  @Column('bytea', { name: 'data_nonce' })
  dataNonce: Buffer;

  @Column('bytea', { name: 'data_tag' })
  dataTag: Buffer;

  @Column('bytea')
  ciphertext: Buffer;

  @Column('text')
  type: CredentialType;

  @Column('text')
  method: string;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('text', { name: 'host_requirement', nullable: true })
  hostRequirement: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
