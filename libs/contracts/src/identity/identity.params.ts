import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

const UUID_EXAMPLE = '5b0c6f0e-3f5d-4c1e-9d55-2b1f1c8e2a10';

/** Path parameters naming an organization: `/orgs/{orgId}`. */
export class OrganizationParams {
  @ApiProperty({ description: 'Organization id', example: UUID_EXAMPLE, format: 'uuid' })
  @IsUUID()
  orgId!: string;
}

/** Path parameters naming a team of an organization: `/orgs/{orgId}/teams/{teamId}`. */
export class TeamParams extends OrganizationParams {
  @ApiProperty({ description: 'Team id', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  @IsUUID()
  teamId!: string;
}

/** Path parameters naming one member of a team: `/orgs/{orgId}/teams/{teamId}/members/{userId}`. */
export class TeamMemberParams extends TeamParams {
  @ApiProperty({ description: 'User id of the member', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsUUID()
  userId!: string;
}

/** Path parameters naming a user of an organization: `/orgs/{orgId}/users/{userId}`. */
export class UserParams extends OrganizationParams {
  @ApiProperty({ description: 'User id', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsUUID()
  userId!: string;
}

/** Path parameters naming one API token of a user: `/orgs/{orgId}/users/{userId}/tokens/{tokenId}`. */
export class UserTokenParams extends UserParams {
  @ApiProperty({ description: 'API token id (never the token itself)', example: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', format: 'uuid' })
  @IsUUID()
  tokenId!: string;
}

/** Path parameters naming one of the caller's own API tokens: `/me/tokens/{tokenId}`. */
export class TokenParams {
  @ApiProperty({ description: 'API token id (never the token itself)', example: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', format: 'uuid' })
  @IsUUID()
  tokenId!: string;
}
