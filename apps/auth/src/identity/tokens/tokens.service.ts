import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  IDENTITY_EVENTS,
  Role,
  type ApiTokenDto,
  type CreateApiTokenDto,
  type CreatedApiTokenDto,
  type IdentityDto,
  type TokenRevokedEvent,
  type UserParams,
  type UserTokenParams,
} from '@flotilla/contracts';
import { notFound, requireRole } from '@flotilla/common';
import { IdentityException } from '../identity.exception';
import { IdentityMapper } from '../shared/identity.mapper';
import { IdentityPolicy } from '../shared/identity.policy';
import { IdentityTransactions } from '../shared/identity.transactions';
import { OrgScope } from '../shared/org-scope';
import { UsersRepository } from '../users/users.repository';
import { TokenCodec } from './token.codec';
import { TokensRepository } from './tokens.repository';

/** Token owners an org admin reaches: the users of the organizations it may manage. */
interface TokenOwner {
  userId: string;
  orgId: string | null;
}

/**
 * API tokens: every user creates, lists and revokes its own; org admins (and platform admins) list and
 * revoke those of the users of their organization. The token is returned once, at creation.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly users: UsersRepository,
    private readonly scope: OrgScope,
    private readonly transactions: IdentityTransactions,
  ) {}

  async create(identity: IdentityDto, request: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    IdentityPolicy.requireWriteScope(identity);
    const expiresAt = request.expiresAt === undefined ? null : new Date(request.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw IdentityException.invalidField('expiresAt', 'expiresAt must be in the future');
    const token = TokenCodec.generate();
    const saved = await this.tokens.insert({
      id: randomUUID(),
      userId: identity.userId,
      name: request.name,
      scopes: [...request.scopes].sort(),
      tokenHash: TokenCodec.hash(token),
      prefix: TokenCodec.displayPrefix(token),
      expiresAt,
    });
    return { ...IdentityMapper.token(saved), token };
  }

  async list(identity: IdentityDto): Promise<ApiTokenDto[]> {
    return (await this.tokens.listForUser(identity.userId)).map(IdentityMapper.token);
  }

  async revoke(identity: IdentityDto, tokenId: string): Promise<void> {
    IdentityPolicy.requireWriteScope(identity);
    await this.revokeOf({ userId: identity.userId, orgId: identity.orgId }, tokenId);
  }

  /** An org admin's view of a user's tokens. */
  async listForUser(identity: IdentityDto, params: UserParams): Promise<ApiTokenDto[]> {
    await this.scope.visible(identity, params.orgId);
    requireRole(identity, Role.OrgAdmin);
    await this.requireUser(params);
    return (await this.tokens.listForUser(params.userId)).map(IdentityMapper.token);
  }

  async revokeForUser(identity: IdentityDto, params: UserTokenParams): Promise<void> {
    await this.scope.administered(identity, params.orgId);
    await this.requireUser(params);
    await this.revokeOf({ userId: params.userId, orgId: params.orgId }, params.tokenId);
  }

  private async revokeOf(owner: TokenOwner, tokenId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const result = await this.tokens.revoke(manager, owner.userId, tokenId);
      if (!result) throw notFound('token', tokenId);
      if (!result.revokedNow) return;
      const event: TokenRevokedEvent = { tokenId, userId: owner.userId, orgId: owner.orgId, occurredAt: new Date().toISOString() };
      await this.transactions.publish(manager, IDENTITY_EVENTS.tokenRevoked, event);
    });
  }

  private async requireUser(params: UserParams): Promise<void> {
    if (!(await this.users.getInOrg(params.orgId, params.userId))) throw notFound('user', params.userId);
  }
}
