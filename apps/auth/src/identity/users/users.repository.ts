import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '@flotilla/contracts';
import { IdentityTransactions } from '../shared/identity.transactions';
import type { UserEntity } from './user.entity';

/** A user as read for display and authorization: whether a password is set, never the hash. */
export type UserRecord = Omit<UserEntity, 'passwordHash'> & { passwordSet: boolean };

/** A new user; `passwordHash` is already argon2id. */
export type NewUser = Omit<UserEntity, 'createdAt'>;

/** The fields an org admin can change on a user (the password separately). */
export interface UserChanges {
  email?: string;
  displayName?: string;
}

const COLUMNS = `id, org_id AS "orgId", username, email, display_name AS "displayName", role,
  password_hash IS NOT NULL AS "passwordSet", created_at AS "createdAt"`;

/**
 * Users in the auth schema. Plain SQL: the password hash is read in exactly one place
 * ({@link UsersRepository.credentialsFor}), and inserts that would collide do nothing instead of
 * failing, so no statement carrying a hash ever reaches the error log.
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: IdentityTransactions) {}

  /** Inserts unless the username or email is taken (then null). */
  async insert(manager: EntityManager, user: NewUser): Promise<UserRecord | null> {
    const rows: UserRecord[] = await manager.query(
      `INSERT INTO users (id, org_id, username, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [user.id, user.orgId, user.username, user.email, user.displayName, user.role, user.passwordHash],
    );
    return rows[0] ?? null;
  }

  async get(id: string): Promise<UserRecord | null> {
    const rows: UserRecord[] = await this.db.manager.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The user when it belongs to `orgId`, else null (another organization's user does not exist here). */
  async getInOrg(orgId: string, id: string): Promise<UserRecord | null> {
    const rows: UserRecord[] = await this.db.manager.query(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND org_id = $2`, [id, orgId]);
    return rows[0] ?? null;
  }

  listInOrg(orgId: string): Promise<UserRecord[]> {
    return this.db.manager.query(`SELECT ${COLUMNS} FROM users WHERE org_id = $1 ORDER BY username`, [orgId]);
  }

  /** True when another user already has this email. */
  async emailTaken(email: string, exceptUserId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [email, exceptUserId]);
    return rows.length > 0;
  }

  async update(orgId: string, id: string, changes: UserChanges): Promise<void> {
    if (changes.email !== undefined) await this.db.manager.query('UPDATE users SET email = $3 WHERE id = $1 AND org_id = $2', [id, orgId, changes.email]);
    if (changes.displayName !== undefined) {
      await this.db.manager.query('UPDATE users SET display_name = $3 WHERE id = $1 AND org_id = $2', [id, orgId, changes.displayName]);
    }
  }

  async setPasswordHash(orgId: string, id: string, passwordHash: string): Promise<void> {
    await this.db.manager.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND org_id = $2', [id, orgId, passwordHash]);
  }

  async setRole(orgId: string, id: string, role: Role): Promise<void> {
    await this.db.manager.query('UPDATE users SET role = $3 WHERE id = $1 AND org_id = $2', [id, orgId, role]);
  }

  /** Deletes the user of `orgId` (tokens and memberships by cascade); false when there was none. */
  async delete(manager: EntityManager, orgId: string, id: string): Promise<boolean> {
    // a CTE, so that TypeORM answers rows (for a bare DELETE it answers [rows, count])
    const rows: unknown[] = await manager.query('WITH gone AS (DELETE FROM users WHERE id = $1 AND org_id = $2 RETURNING id) SELECT id FROM gone', [id, orgId]);
    return rows.length > 0;
  }

  /** Id and password hash of the user with this username or email, for login only. */
  async credentialsFor(login: string): Promise<{ id: string; passwordHash: string | null } | null> {
    const rows: Array<{ id: string; passwordHash: string | null }> = await this.db.manager.query(
      'SELECT id, password_hash AS "passwordHash" FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1) LIMIT 1',
      [login],
    );
    return rows[0] ?? null;
  }

  /** Ids of the teams the user belongs to. */
  async teamIdsOf(userId: string): Promise<string[]> {
    const rows: Array<{ team_id: string }> = await this.db.manager.query('SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id', [userId]);
    return rows.map((row) => row.team_id);
  }
}
