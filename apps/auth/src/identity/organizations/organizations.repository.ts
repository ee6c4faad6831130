import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdentityTransactions } from '../shared/identity.transactions';
import { OrganizationEntity } from './organization.entity';

/** Organizations in the auth schema. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly db: IdentityTransactions) {}

  /** Inserts unless the name is taken (then null): no failing statement, nothing in the error log. */
  async insert(manager: EntityManager, organization: Pick<OrganizationEntity, 'id' | 'name' | 'displayName'>): Promise<OrganizationEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OrganizationEntity)
      .values(organization)
      .orIgnore()
      .returning('*')
      .execute();
    return result.raw.length ? manager.create(OrganizationEntity, this.fromRow(result.raw[0])) : null;
  }

  list(ids?: string[]): Promise<OrganizationEntity[]> {
    const query = this.db.manager.createQueryBuilder(OrganizationEntity, 'o').orderBy('o.name');
    if (ids) query.where('o.id = ANY(:ids)', { ids });
    return query.getMany();
  }

  get(id: string): Promise<OrganizationEntity | null> {
    return this.db.manager.findOneBy(OrganizationEntity, { id });
  }

  async update(id: string, changes: Partial<Pick<OrganizationEntity, 'displayName'>>): Promise<OrganizationEntity | null> {
    if (Object.keys(changes).length > 0) await this.db.manager.update(OrganizationEntity, { id }, changes);
    return this.get(id);
  }

  /** Deletes the organization and, by cascade, its teams, users and tokens; returns what was deleted. */
  async delete(manager: EntityManager, id: string): Promise<OrganizationEntity | null> {
    const found = await manager.findOneBy(OrganizationEntity, { id });
    if (found) await manager.delete(OrganizationEntity, { id });
    return found;
  }

  private fromRow(row: { id: string; name: string; display_name: string; created_at: Date }): Partial<OrganizationEntity> {
    return { id: row.id, name: row.name, displayName: row.display_name, createdAt: row.created_at };
  }
}
