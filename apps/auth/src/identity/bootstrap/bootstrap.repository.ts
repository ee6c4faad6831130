import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '@flotilla/contracts';
import { IdentityTransactions } from '../shared/identity.transactions';
import { TokensRepository, type NewToken } from '../tokens/tokens.repository';
import { UsersRepository, type NewUser } from '../users/users.repository';

/** Serialises the start of racing replicas: one at a time looks at and changes the bootstrap state. */
const BOOTSTRAP_LOCK = "hashtext('flotilla.identity.bootstrap')";

/** What {@link BootstrapRepository.bootstrap} did. */
export type BootstrapOutcome = 'created-admin' | 'added-token' | 'nothing';

/** The first platform admin and its bootstrap token. */
@Injectable()
export class BootstrapRepository {
  constructor(
    private readonly db: IdentityTransactions,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
  ) {}

  /**
   * Creates `admin` and its token when there is no such platform admin yet: on an empty database,
   * or at any time for a configured token (`installToken`). When `admin` exists and `installToken` is
   * set, adds the token unless one with the same hash exists (revoked ones included, so a revocation
   * sticks across restarts).
   */
  bootstrap(admin: NewUser, token: NewToken, installToken: boolean): Promise<BootstrapOutcome> {
    return this.db.run(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
      const existing = await this.platformAdmin(manager, admin.username);
      if (!existing) return installToken || !(await this.populated(manager)) ? this.createAdmin(manager, admin, token) : 'nothing';
      if (!installToken || (await this.tokenExists(manager, token.tokenHash))) return 'nothing';
      await this.tokens.insert({ ...token, userId: existing }, manager);
      return 'added-token';
    });
  }

  private async createAdmin(manager: EntityManager, admin: NewUser, token: NewToken): Promise<BootstrapOutcome> {
    if (!(await this.users.insert(manager, admin))) return 'nothing';
    await this.tokens.insert(token, manager);
    return 'created-admin';
  }

  private async populated(manager: EntityManager): Promise<boolean> {
    const [{ populated }]: Array<{ populated: boolean }> = await manager.query('SELECT EXISTS (SELECT 1 FROM users) AS populated');
    return populated;
  }

  private async platformAdmin(manager: EntityManager, username: string): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query('SELECT id FROM users WHERE username = $1 AND role = $2', [username, Role.PlatformAdmin]);
    return rows[0]?.id;
  }

  private async tokenExists(manager: EntityManager, tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM api_tokens WHERE token_hash = $1', [tokenHash]);
    return rows.length > 0;
  }
}
