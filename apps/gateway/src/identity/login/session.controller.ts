import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenDto, LoginRequestDto } from '@flotilla/contracts';
import { Public } from '@flotilla/common';
import { ApiErrorResponses } from '../../openapi/api-error-responses.decorator';
import { LoginThrottleInterceptor } from './login-throttle.interceptor';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseInterceptors(LoginThrottleInterceptor)
  @ApiOperation({
    summary: 'Log in with a username (or email) and password; answers a short-lived access token',
    description: 'Send the token as `Authorization: Bearer <accessToken>`. Repeated failures for a username or from an address are refused with 429 for a minute.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiErrorResponses(400, 401, 429, 503, 504)
  login(@Body() body: LoginRequestDto): Promise<AccessTokenDto> {
    return this.sessions.login(body);
  }
}
