import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTokenDto, CreateUserDto, OrganizationParams, SetUserRoleDto, UpdateUserDto, UserDto, UserParams, UserTokenParams } from '@flotilla/contracts';
import { ApiErrorResponses } from '../../openapi/api-error-responses.decorator';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('orgs/:orgId/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user of the organization (org admins)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  create(@Param() params: OrganizationParams, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(params, body);
  }

  @Get()
  @ApiOperation({ summary: 'Users of the organization' })
  @ApiOkResponse({ type: [UserDto] })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  list(@Param() params: OrganizationParams): Promise<UserDto[]> {
    return this.users.list(params);
  }

  @Get(':userId')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 404, 429, 503, 504)
  get(@Param() params: UserParams): Promise<UserDto> {
    return this.users.get(params);
  }

  @Patch(':userId')
  @ApiOperation({ summary: 'Change a user’s email, display name or password (org admins)' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  update(@Param() params: UserParams, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(params, body);
  }

  @Patch(':userId/role')
  @ApiOperation({ summary: 'Assign a role: org-admin, member or viewer (org admins; not to themselves)' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  setRole(@Param() params: UserParams, @Body() body: SetUserRoleDto): Promise<UserDto> {
    return this.users.setRole(params, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user with its tokens (org admins; not themselves)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 504)
  delete(@Param() params: UserParams): Promise<void> {
    return this.users.delete(params);
  }

  @Get(':userId/tokens')
  @ApiOperation({ summary: 'A user’s API tokens (org admins; never the tokens themselves)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  tokens(@Param() params: UserParams): Promise<ApiTokenDto[]> {
    return this.users.tokens(params);
  }

  @Delete(':userId/tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a user’s API token (org admins)' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503, 504)
  revokeToken(@Param() params: UserTokenParams): Promise<void> {
    return this.users.revokeToken(params);
  }
}
