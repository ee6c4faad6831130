import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, MeDto, TokenParams } from '@flotilla/contracts';
import { ApiErrorResponses } from '../../openapi/api-error-responses.decorator';
import { MeService } from './me.service';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOperation({ summary: 'Who I am: my user, organization, role, teams and what my credential allows' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrorResponses(401, 429, 503, 504)
  whoami(): Promise<MeDto> {
    return this.me.me();
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Create an API token; the answer is the only time the token is shown' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiErrorResponses(400, 401, 403, 429, 503, 504)
  createToken(@Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.me.createToken(body);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'My API tokens (names, prefixes, scopes, expiry, last use; never the tokens)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  @ApiErrorResponses(401, 429, 503, 504)
  tokens(): Promise<ApiTokenDto[]> {
    return this.me.tokens();
  }

  @Delete('tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my API tokens (effective within a second everywhere)' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  revokeToken(@Param() params: TokenParams): Promise<void> {
    return this.me.revokeToken(params);
  }
}
