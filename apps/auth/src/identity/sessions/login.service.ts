import { Injectable } from '@nestjs/common';
import type { AccessTokenDto, LoginRequestDto } from '@flotilla/contracts';
import { IdentityException } from '../identity.exception';
import { PasswordHasher } from '../users/password.hasher';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens';

/**
 * Password login. Unknown users cost the same argon2 time as known ones and get the same answer, so
 * a login cannot tell which usernames exist. (Failed logins are rate limited at the gateway.)
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokens,
  ) {}

  async login(request: LoginRequestDto): Promise<AccessTokenDto> {
    const found = await this.users.credentialsFor(request.username);
    const valid = await this.hasher.verify(found?.passwordHash ?? null, request.password);
    if (!found || !valid) throw IdentityException.unauthenticated('invalid username or password');
    return this.accessTokens.issue(found.id);
  }
}
