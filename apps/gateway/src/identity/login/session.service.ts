import { Injectable } from '@nestjs/common';
import { IDENTITY_SUBJECTS, type AccessTokenDto, type LoginRequestDto } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';

/** Password login, answered by the auth service. */
@Injectable()
export class SessionService {
  constructor(private readonly nats: NatsRequester) {}

  login(body: LoginRequestDto): Promise<AccessTokenDto> {
    return this.nats.request<AccessTokenDto>(IDENTITY_SUBJECTS.login, body);
  }
}
