import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { ClusterProvider, ClusterStatus } from '@flotilla/contracts';
import { ClusterEntity } from './cluster.entity';
import type { ClusterCursor } from './cluster-cursor.util';
import type { LabelSelector } from './label-selector.util';

/** Which clusters a caller sees: every one (platform admins), or its organization's and those shared with it. */
export type ClusterScope = { all: true } | { all: false; orgId: string | null };

/** Filters of a cluster listing. */
export interface ClusterFilter {
  scope: ClusterScope;
  ownerOrgId?: string;
  provider?: ClusterProvider;
  status?: ClusterStatus;
  selector?: LabelSelector;
}

/** Columns a registration, test, detection or patch writes back. */
export type ClusterChanges = Partial<Omit<ClusterEntity, 'id' | 'createdAt' | 'updatedAt' | 'createdBy'>>;

/** Clusters in the registry schema. */
@Injectable()
export class ClustersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts unless the owner already has a cluster of that name (then false; no failing statement). */
  async insert(manager: EntityManager, cluster: Omit<ClusterEntity, 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(ClusterEntity).values(cluster).orIgnore().returning(['id']).execute();
    return result.raw.length > 0;
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<ClusterEntity | null> {
    return manager.findOneBy(ClusterEntity, { id });
  }

  /** Reads the cluster and locks its row until the transaction ends. */
  lock(manager: EntityManager, id: string): Promise<ClusterEntity | null> {
    return manager.createQueryBuilder(ClusterEntity, 'c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /** The cluster an owner (null: the platform) has under `name`; row locked when a transaction's manager is given. */
  findByName(orgId: string | null, name: string, manager?: EntityManager): Promise<ClusterEntity | null> {
    const query = (manager ?? this.dataSource.manager).createQueryBuilder(ClusterEntity, 'c').where('c.name = :name', { name });
    if (manager) query.setLock('pessimistic_write');
    if (orgId === null) query.andWhere('c.org_id IS NULL');
    else query.andWhere('c.org_id = :orgId', { orgId });
    return query.getOne();
  }

  /** Writes the changes (updated_at now) and returns the row as stored. */
  async update(manager: EntityManager, id: string, changes: ClusterChanges): Promise<ClusterEntity> {
    await manager.update(ClusterEntity, { id }, { ...changes, updatedAt: () => 'now()' });
    return (await this.find(id, manager))!;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(ClusterEntity, { id });
  }

  /** One page of the clusters matching `filter`, by name then id, after `after`. */
  list(filter: ClusterFilter, after: ClusterCursor | undefined, limit: number): Promise<ClusterEntity[]> {
    const query = this.filtered(filter).orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').take(limit);
    if (after) query.andWhere('(c.name, c.id) > (:afterName, :afterId)', { afterName: after.name, afterId: after.id });
    return query.getMany();
  }

  /** Every cluster matching `filter` (the fleet a fit query spans). */
  all(filter: ClusterFilter): Promise<ClusterEntity[]> {
    return this.filtered(filter).orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  /** Clusters owned by the organization, row locked. */
  lockOwnedBy(manager: EntityManager, orgId: string): Promise<ClusterEntity[]> {
    return manager.createQueryBuilder(ClusterEntity, 'c').setLock('pessimistic_write').where('c.org_id = :orgId', { orgId }).orderBy('c.id').getMany();
  }

  /** Clusters shared with the organization by id, row locked. */
  lockSharedWith(manager: EntityManager, orgId: string): Promise<ClusterEntity[]> {
    return manager
      .createQueryBuilder(ClusterEntity, 'c')
      .setLock('pessimistic_write')
      .where(':orgId = ANY(c.shared_org_ids)', { orgId })
      .orderBy('c.id')
      .getMany();
  }

  private filtered(filter: ClusterFilter): SelectQueryBuilder<ClusterEntity> {
    const query = this.dataSource.manager.createQueryBuilder(ClusterEntity, 'c').where('TRUE');
    if (!filter.scope.all) this.restrictTo(query, filter.scope.orgId);
    if (filter.ownerOrgId) query.andWhere('c.org_id = :ownerOrgId', { ownerOrgId: filter.ownerOrgId });
    if (filter.provider) query.andWhere('c.provider = :provider', { provider: filter.provider });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.selector) this.selectLabels(query, filter.selector);
    return query;
  }

  private restrictTo(query: SelectQueryBuilder<ClusterEntity>, orgId: string | null): void {
    if (orgId === null) {
      query.andWhere('c.shared_with_all');
      return;
    }
    query.andWhere(
      new Brackets((visible) => {
        visible.where('c.org_id = :scopeOrgId', { scopeOrgId: orgId }).orWhere('c.shared_with_all').orWhere(':scopeOrgId = ANY(c.shared_org_ids)');
      }),
    );
  }

  private selectLabels(query: SelectQueryBuilder<ClusterEntity>, selector: LabelSelector): void {
    if (Object.keys(selector.equals).length > 0) query.andWhere('c.labels @> CAST(:equals AS jsonb)', { equals: JSON.stringify(selector.equals) });
    Object.entries(selector.notEquals).forEach(([key, value], index) => {
      query.andWhere(`NOT (c.labels @> CAST(:notEquals${index} AS jsonb))`, { [`notEquals${index}`]: JSON.stringify({ [key]: value }) });
    });
  }
}
