import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { OrganizationParams } from '../identity/identity.params';

/**
 * The `quota.limits.get` request: the organization's quota, or with `teamId` (or `userId`, not both)
 * the quota of that team (user) within it.
 */
export class GetQuotaRequest extends OrganizationParams {
  @ApiPropertyOptional({ description: 'Team whose quota to read', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'User whose quota to read', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}
