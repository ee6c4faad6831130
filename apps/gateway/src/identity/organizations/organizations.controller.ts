import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrganizationDto, OrganizationDto, OrganizationParams, UpdateOrganizationDto } from '@flotilla/contracts';
import { ApiErrorResponses } from '../../openapi/api-error-responses.decorator';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@Controller('orgs')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an organization (platform admins)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiErrorResponses(400, 401, 403, 409, 429, 503, 504)
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Organizations I can see: all for platform admins, else my own' })
  @ApiOkResponse({ type: [OrganizationDto] })
  @ApiErrorResponses(401, 429, 503, 504)
  list(): Promise<OrganizationDto[]> {
    return this.organizations.list();
  }

  @Get(':orgId')
  @ApiOperation({ summary: 'One organization (mine, or any for platform admins)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  get(@Param() params: OrganizationParams): Promise<OrganizationDto> {
    return this.organizations.get(params);
  }

  @Patch(':orgId')
  @ApiOperation({ summary: 'Rename an organization (platform admins)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  update(@Param() params: OrganizationParams, @Body() body: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.update(params, body);
  }

  @Delete(':orgId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organization with its teams, users and tokens (platform admins)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  delete(@Param() params: OrganizationParams): Promise<void> {
    return this.organizations.delete(params);
  }
}
