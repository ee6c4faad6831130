import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { DNS_LABEL_PATTERN } from './identity-patterns';
import { OrganizationParams } from './identity.params';

/** Body of POST /api/v1/orgs/{orgId}/teams (org admins). */
export class CreateTeamDto {
  @ApiProperty({ description: 'Name, unique within the organization: lowercase letters, digits and "-"', example: 'data-science', pattern: DNS_LABEL_PATTERN.source })
  @IsString()
  @Matches(DNS_LABEL_PATTERN, { message: 'name must be a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)' })
  name!: string;

  @ApiPropertyOptional({ description: 'Name shown to people (default: the name)', example: 'Data Science', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

/** The `auth.team.create` request: the organization comes from the path, never from the body. */
export class CreateTeamRequest extends IntersectionType(OrganizationParams, CreateTeamDto) {}
