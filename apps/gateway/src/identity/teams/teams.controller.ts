import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AddTeamMemberDto, CreateTeamDto, OrganizationParams, TeamDto, TeamMemberParams, TeamParams, UpdateTeamDto, UserDto } from '@flotilla/contracts';
import { ApiErrorResponses } from '../../openapi/api-error-responses.decorator';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('orgs/:orgId/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a team (org admins)' })
  @ApiCreatedResponse({ type: TeamDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  create(@Param() params: OrganizationParams, @Body() body: CreateTeamDto): Promise<TeamDto> {
    return this.teams.create(params, body);
  }

  @Get()
  @ApiOperation({ summary: 'Teams of the organization' })
  @ApiOkResponse({ type: [TeamDto] })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  list(@Param() params: OrganizationParams): Promise<TeamDto[]> {
    return this.teams.list(params);
  }

  @Get(':teamId')
  @ApiOperation({ summary: 'One team' })
  @ApiOkResponse({ type: TeamDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  get(@Param() params: TeamParams): Promise<TeamDto> {
    return this.teams.get(params);
  }

  @Patch(':teamId')
  @ApiOperation({ summary: 'Rename a team (org admins)' })
  @ApiOkResponse({ type: TeamDto })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  update(@Param() params: TeamParams, @Body() body: UpdateTeamDto): Promise<TeamDto> {
    return this.teams.update(params, body);
  }

  @Delete(':teamId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team (org admins); its members stay in the organization' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  delete(@Param() params: TeamParams): Promise<void> {
    return this.teams.delete(params);
  }

  @Get(':teamId/members')
  @ApiOperation({ summary: 'Members of a team' })
  @ApiOkResponse({ type: [UserDto] })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  members(@Param() params: TeamParams): Promise<UserDto[]> {
    return this.teams.members(params);
  }

  @Post(':teamId/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a user of the organization to the team (org admins); answers the members' })
  @ApiOkResponse({ type: [UserDto] })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  addMember(@Param() params: TeamParams, @Body() body: AddTeamMemberDto): Promise<UserDto[]> {
    return this.teams.addMember(params, body);
  }

  @Delete(':teamId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from the team (org admins)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  removeMember(@Param() params: TeamMemberParams): Promise<void> {
    return this.teams.removeMember(params);
  }
}
