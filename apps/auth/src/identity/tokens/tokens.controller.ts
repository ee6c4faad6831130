import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateApiTokenDto, IDENTITY_SUBJECTS, TokenParams, UserParams, UserTokenParams, type ApiTokenDto, type CreatedApiTokenDto } from '@flotilla/contracts';
import { createValidationPipe, currentIdentity } from '@flotilla/common';
import { TokensService } from './tokens.service';

/** NATS handlers of `auth.token.*` (the caller's own) and `auth.user-token.*` (an org admin's view). */
@Controller()
@UsePipes(createValidationPipe())
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @MessagePattern(IDENTITY_SUBJECTS.tokenCreate)
  create(@Payload() request: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.tokens.create(currentIdentity(), request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.tokenList)
  list(): Promise<ApiTokenDto[]> {
    return this.tokens.list(currentIdentity());
  }

  @MessagePattern(IDENTITY_SUBJECTS.tokenRevoke)
  async revoke(@Payload() params: TokenParams): Promise<{ revoked: true }> {
    await this.tokens.revoke(currentIdentity(), params.tokenId);
    return { revoked: true };
  }

  @MessagePattern(IDENTITY_SUBJECTS.userTokenList)
  listForUser(@Payload() params: UserParams): Promise<ApiTokenDto[]> {
    return this.tokens.listForUser(currentIdentity(), params);
  }

  @MessagePattern(IDENTITY_SUBJECTS.userTokenRevoke)
  async revokeForUser(@Payload() params: UserTokenParams): Promise<{ revoked: true }> {
    await this.tokens.revokeForUser(currentIdentity(), params);
    return { revoked: true };
  }
}
