import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { ClusterCredentialEntity } from './cluster-credential.entity';
import type { WrappedKey } from './credential-envelope';

/** A row as written by the vault (timestamps are the database's). */
export type CredentialRow = Omit<ClusterCredentialEntity, 'createdAt' | 'updatedAt'>;

/** Columns of a row that may be shown: never the envelope. */
export type CredentialMetadataRow = Pick<ClusterCredentialEntity, 'clusterId' | 'type' | 'method' | 'expiresAt' | 'hostRequirement' | 'updatedAt'>;

/** The registry schema's `cluster_credentials` table. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts or replaces the row of `row.clusterId`. */
  async save(manager: EntityManager, row: CredentialRow): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ClusterCredentialEntity)
      .values({ ...row, updatedAt: () => 'now()' })
      .orUpdate(['envelope_version', 'kek_id', 'wrapped_key', 'wrap_nonce', 'wrap_tag', 'data_nonce', 'data_tag', 'ciphertext', 'type', 'method', 'expires_at', 'host_requirement', 'updated_at'], ['cluster_id'])
      .execute();
  }

  find(clusterId: string, manager: EntityManager = this.dataSource.manager): Promise<ClusterCredentialEntity | null> {
    return manager.findOneBy(ClusterCredentialEntity, { clusterId });
  }

  metadata(clusterIds: string[]): Promise<CredentialMetadataRow[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(ClusterCredentialEntity, {
      select: { clusterId: true, type: true, method: true, expiresAt: true, hostRequirement: true, updatedAt: true },
      where: { clusterId: In(clusterIds) },
    });
  }

  async remove(manager: EntityManager, clusterId: string): Promise<void> {
    await manager.delete(ClusterCredentialEntity, { clusterId });
  }

  /** One row per key id in use: what the start-up check unwraps. */
  oneRowPerKey(): Promise<ClusterCredentialEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ClusterCredentialEntity, 'c')
      .distinctOn(['c.kekId'])
      .orderBy('c.kekId')
      .addOrderBy('c.clusterId')
      .getMany();
  }

  /**
   * Runs `work` in a transaction on up to `limit` rows not wrapped by `activeKekId` (locked, so a
   * concurrent rotation waits, then sees them re-wrapped), skipping `exclude`.
   */
  inBatchNotOnKey<T>(activeKekId: string, batch: { limit: number; exclude: string[] }, work: (rows: ClusterCredentialEntity[], manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(ClusterCredentialEntity, {
        where: { kekId: Not(activeKekId), ...(batch.exclude.length ? { clusterId: Not(In(batch.exclude)) } : {}) },
        order: { clusterId: 'ASC' },
        take: batch.limit,
        lock: { mode: 'pessimistic_write' },
      });
      return work(rows, manager);
    });
  }

  /** Replaces only the wrapped data key of a row. */
  async rewrap(manager: EntityManager, clusterId: string, wrapped: WrappedKey): Promise<void> {
    await manager.update(ClusterCredentialEntity, { clusterId }, wrapped);
  }

  countNotOnKey(activeKekId: string): Promise<number> {
    return this.dataSource.manager.countBy(ClusterCredentialEntity, { kekId: Not(activeKekId) });
  }
}
