import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PingRequestDto, PingResultDto, ServiceInfoDto, ServiceNameParams, SystemInfoDto } from '@flotilla/contracts';
import { Public } from '@flotilla/common';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { SystemService } from './system.service';

/** Public: what runs and whether it answers (no tenant data); the e2e suite and the benchmark use it unauthenticated. */
@ApiTags('system')
@Public()
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get('info')
  @ApiOperation({ summary: 'Version of the platform and of each service, asked over NATS' })
  @ApiOkResponse({ type: SystemInfoDto })
  @ApiErrorResponses(429)
  info(): Promise<SystemInfoDto> {
    return this.system.platform();
  }

  @Get('services/:name')
  @ApiOperation({ summary: "One service's own description, including the newest migration of its schema" })
  @ApiOkResponse({ type: ServiceInfoDto })
  @ApiErrorResponses(400, 429, 503, 504)
  service(@Param() params: ServiceNameParams): Promise<ServiceInfoDto> {
    return this.system.service(params.name);
  }

  @Post('ping')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check that one service answers over NATS, and time the round trip' })
  @ApiOkResponse({ type: PingResultDto })
  @ApiErrorResponses(400, 413, 415, 429, 503, 504)
  ping(@Body() body: PingRequestDto): Promise<PingResultDto> {
    return this.system.ping(body);
  }
}
