import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEventFilterDto, AuditEventPageDto, AuditOrgParams, ListAuditEventsQueryDto } from '@flotilla/contracts';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @ApiOperation({
    summary: 'Audit events of every organization, newest first (platform admins; org admins get their own organization)',
    description: 'Every mutating request through the API: who, with which token, what, on what, with which result. Paged by `cursor`.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  listAll(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }

  @Get('orgs/:orgId/audit-events')
  @ApiOperation({ summary: "Audit events of one organization, newest first (its org admins and platform admins)" })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  listOrg(@Param() params: AuditOrgParams, @Query() query: AuditEventFilterDto): Promise<AuditEventPageDto> {
    return this.audit.list({ ...query, orgId: params.orgId });
  }
}
