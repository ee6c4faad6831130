import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganizationParams, QuotaDto, SetQuotaDto, TeamParams, UserParams } from '@flotilla/contracts';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { QuotaService } from './quota.service';

const SET_EXAMPLES = {
  organization: { summary: 'An organization quota (platform admins)', value: { hard: { cpu: '64', memory: '256Gi', storage: '2Ti', workloads: '100', 'nvidia.com/gpu': '8' } } },
  'mig slices': { summary: 'MIG slices and AMD GPUs (whole numbers)', value: { hard: { 'nvidia.com/mig-1g.10gb': '14', 'amd.com/gpu': '2' } } },
  unlimited: { summary: 'Remove every limit', value: { hard: {} } },
};

/**
 * Hard limits and consumption per organization, team and user (`/orgs/{orgId}/.../quotas`).
 * Platform admins set organization quotas; org admins set team and user quotas within theirs.
 */
@ApiTags('quotas')
@Controller('orgs/:orgId')
export class QuotaController {
  constructor(private readonly quotas: QuotaService) {}

  @Get('quotas')
  @ApiOperation({ summary: "The organization's quota: hard, used, reserved and available per resource, as quantities and exact integers" })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  getOrg(@Param() params: OrganizationParams): Promise<QuotaDto> {
    return this.quotas.get(params);
  }

  @Put('quotas')
  @ApiOperation({ summary: "Replace the organization's hard limits (platform admins); lowering below use is allowed and reported as overLimit" })
  @ApiBody({ type: SetQuotaDto, examples: SET_EXAMPLES })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  setOrg(@Param() params: OrganizationParams, @Body() body: SetQuotaDto): Promise<QuotaDto> {
    return this.quotas.set({ ...params, ...body });
  }

  @Get('teams/:teamId/quotas')
  @ApiOperation({ summary: "A team's quota within its organization" })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  getTeam(@Param() params: TeamParams): Promise<QuotaDto> {
    return this.quotas.get(params);
  }

  @Put('teams/:teamId/quotas')
  @ApiOperation({ summary: "Replace a team's hard limits (org admins)" })
  @ApiBody({ type: SetQuotaDto, examples: SET_EXAMPLES })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  setTeam(@Param() params: TeamParams, @Body() body: SetQuotaDto): Promise<QuotaDto> {
    return this.quotas.set({ ...params, ...body });
  }

  @Get('users/:userId/quotas')
  @ApiOperation({ summary: "A user's quota within its organization" })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  getUser(@Param() params: UserParams): Promise<QuotaDto> {
    return this.quotas.get(params);
  }

  @Put('users/:userId/quotas')
  @ApiOperation({ summary: "Replace a user's hard limits (org admins)" })
  @ApiBody({ type: SetQuotaDto, examples: SET_EXAMPLES })
  @ApiOkResponse({ type: QuotaDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  setUser(@Param() params: UserParams, @Body() body: SetQuotaDto): Promise<QuotaDto> {
    return this.quotas.set({ ...params, ...body });
  }
}
