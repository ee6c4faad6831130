import { Injectable } from '@nestjs/common';
import { TokenScope, type AuthenticateResult } from '@flotilla/contracts';
import { IdentityException } from '../identity.exception';
import { TokenCodec } from '../tokens/token.codec';
import { TokenUsageRecorder } from '../tokens/token-usage.recorder';
import { TokensRepository, type TokenCredential } from '../tokens/tokens.repository';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens';

/** Turns a bearer credential (API token or access token) into the caller's identity, read fresh from the database. */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly users: UsersRepository,
    private readonly accessTokens: AccessTokens,
    private readonly usage: TokenUsageRecorder,
  ) {}

  authenticate(credential: string): Promise<AuthenticateResult> {
    return TokenCodec.isJwt(credential) ? this.fromAccessToken(credential) : this.fromApiToken(credential);
  }

  private async fromApiToken(token: string): Promise<AuthenticateResult> {
    const found = await this.tokens.findCredential(TokenCodec.hash(token));
    if (!found) throw IdentityException.unauthenticated();
    refuseUnusable(found);
    this.usage.record(found.tokenId);
    const { userId, orgId, role, teamIds, scopes, tokenId } = found;
    return { identity: { userId, orgId, role, teamIds, scopes, tokenId }, expiresAt: found.expiresAt?.toISOString() ?? null };
  }

  private async fromAccessToken(jwt: string): Promise<AuthenticateResult> {
    const { userId, expiresAt } = await this.accessTokens.verify(jwt);
    const user = await this.users.get(userId);
    if (!user) throw IdentityException.unauthenticated('invalid access token');
    const teamIds = await this.users.teamIdsOf(userId);
    return {
      identity: { userId, orgId: user.orgId, role: user.role, teamIds, scopes: [TokenScope.Read, TokenScope.Write] },
      expiresAt: expiresAt.toISOString(),
    };
  }
}

function refuseUnusable(token: TokenCredential): void {
  if (token.revokedAt) throw IdentityException.unauthenticated('token revoked');
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) throw IdentityException.unauthenticated('token expired');
}
