import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { DNS_LABEL_PATTERN } from './identity-patterns';

/** Body of POST /api/v1/orgs (platform admins only); also the `auth.organization.create` request. */
export class CreateOrganizationDto {
  @ApiProperty({ description: 'Unique name: lowercase letters, digits and "-", at most 63 characters', example: 'acme', pattern: DNS_LABEL_PATTERN.source })
  @IsString()
  @Matches(DNS_LABEL_PATTERN, { message: 'name must be a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)' })
  name!: string;

  @ApiPropertyOptional({ description: 'Name shown to people (default: the name)', example: 'ACME Corporation', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}
