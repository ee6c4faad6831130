import { Injectable } from '@nestjs/common';
import { IDENTITY_SUBJECTS as S, type ApiTokenDto, type CreateApiTokenDto, type CreatedApiTokenDto, type MeDto, type TokenParams } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** The caller and its own API tokens, answered by the auth service. */
@Injectable()
export class MeService {
  constructor(private readonly nats: NatsRequester) {}

  me(): Promise<MeDto> {
    return this.nats.request<MeDto>(S.me, {});
  }

  createToken(body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.nats.request<CreatedApiTokenDto>(S.tokenCreate, body);
  }

  tokens(): Promise<ApiTokenDto[]> {
    return this.nats.request<ApiTokenDto[]>(S.tokenList, {});
  }

  async revokeToken(params: TokenParams): Promise<void> {
    await this.nats.request(S.tokenRevoke, params);
  }
}
