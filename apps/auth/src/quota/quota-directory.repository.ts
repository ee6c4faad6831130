import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QuotaScope } from '@flotilla/contracts';
import { notFound } from '@flotilla/common';

const LOOKUP: Record<QuotaScope, { kind: string; sql: string }> = {
  [QuotaScope.Org]: { kind: 'organization', sql: 'SELECT 1 FROM organizations WHERE id = $2 AND id = $1' },
  [QuotaScope.Team]: { kind: 'team', sql: 'SELECT 1 FROM teams WHERE id = $2 AND org_id = $1' },
  [QuotaScope.User]: { kind: 'user', sql: 'SELECT 1 FROM users WHERE id = $2 AND org_id = $1' },
};

/**
 * Whether the organization, team or user a quota names exists, read from the identity context's
 * tables in the same auth schema (the quota ledger's foreign keys point at them too). A team or
 * user of another organization is NOT_FOUND like a missing one.
 */
@Injectable()
export class QuotaDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async requireExists(orgId: string, scope: QuotaScope, scopeId: string): Promise<void> {
    const { kind, sql } = LOOKUP[scope];
    const rows: unknown[] = await this.dataSource.query(sql, [orgId, scopeId]);
    if (rows.length === 0) throw notFound(kind, scopeId);
  }
}
