import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { OrganizationParams } from './identity.params';

/** Body of PATCH /api/v1/orgs/{orgId}: the fields to change (the name is permanent). */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ description: 'Name shown to people', example: 'ACME Corp.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

/** The `auth.organization.update` request: which organization, and what changes. */
export class UpdateOrganizationRequest extends IntersectionType(OrganizationParams, UpdateOrganizationDto) {}
