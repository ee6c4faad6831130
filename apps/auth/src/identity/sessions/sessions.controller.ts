import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticateRequest, IDENTITY_SUBJECTS, LoginRequestDto, type AccessTokenDto, type AuthenticateResult, type MeDto } from '@flotilla/contracts';
import { createValidationPipe, currentIdentity } from '@flotilla/common';
import { AuthenticationService } from './authentication.service';
import { LoginService } from './login.service';
import { MeService } from './me.service';

/** NATS handlers that establish who is calling: authenticate, login, me. */
@Controller()
@UsePipes(createValidationPipe())
export class SessionsController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly logins: LoginService,
    private readonly me: MeService,
  ) {}

  @MessagePattern(IDENTITY_SUBJECTS.authenticate)
  authenticate(@Payload() request: AuthenticateRequest): Promise<AuthenticateResult> {
    return this.authentication.authenticate(request.credential);
  }

  @MessagePattern(IDENTITY_SUBJECTS.login)
  login(@Payload() request: LoginRequestDto): Promise<AccessTokenDto> {
    return this.logins.login(request);
  }

  @MessagePattern(IDENTITY_SUBJECTS.me)
  whoami(): Promise<MeDto> {
    return this.me.me(currentIdentity());
  }
}
