import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role, TokenScope } from '@flotilla/contracts';
import { IdentityTransactions } from '../shared/identity.transactions';
import { ApiTokenEntity } from './api-token.entity';

/** What authenticating an API token needs, read in one query. */
export interface TokenCredential {
  tokenId: string;
  userId: string;
  orgId: string | null;
  role: Role;
  scopes: TokenScope[];
  teamIds: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A new token: its hash and display prefix, never the token itself. */
export type NewToken = Pick<ApiTokenEntity, 'id' | 'userId' | 'name' | 'scopes' | 'tokenHash' | 'prefix' | 'expiresAt'>;

/** API tokens in the auth schema. */
@Injectable()
export class TokensRepository {
  constructor(private readonly db: IdentityTransactions) {}

  async insert(token: NewToken, manager: EntityManager = this.db.manager): Promise<ApiTokenEntity> {
    await manager.insert(ApiTokenEntity, token);
    return (await manager.findOneBy(ApiTokenEntity, { id: token.id }))!;
  }

  listForUser(userId: string): Promise<ApiTokenEntity[]> {
    return this.db.manager.find(ApiTokenEntity, { where: { userId }, order: { createdAt: 'DESC' } });
  }

  /**
   * Revokes a token of `userId` (idempotent). Answers the token and whether this call revoked it, or
   * null when the user has no such token.
   */
  async revoke(manager: EntityManager, userId: string, tokenId: string): Promise<{ token: ApiTokenEntity; revokedNow: boolean } | null> {
    // a CTE, so that TypeORM answers rows (for a bare UPDATE it answers [rows, count])
    const revoked: unknown[] = await manager.query(
      'WITH done AS (UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id) SELECT id FROM done',
      [tokenId, userId],
    );
    const token = await manager.findOneBy(ApiTokenEntity, { id: tokenId, userId });
    return token ? { token, revokedNow: revoked.length > 0 } : null;
  }

  /** The token with this hash and its owner's identity, or null. */
  async findCredential(tokenHash: string): Promise<TokenCredential | null> {
    const rows: TokenCredential[] = await this.db.manager.query(
      `SELECT t.id AS "tokenId", u.id AS "userId", u.org_id AS "orgId", u.role, t.scopes,
              t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
              ARRAY(SELECT m.team_id FROM team_members m WHERE m.user_id = u.id ORDER BY m.team_id)::text[] AS "teamIds"
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Records a use, at most once a minute per token across every replica. */
  async touch(tokenId: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  }
}
