import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** Path parameters of GET /api/v1/orgs/{orgId}/audit-events. */
export class AuditOrgParams {
  @ApiProperty({ description: 'Organization whose audit events to list', example: '0d8f6a3c-9b1e-4f2a-8c7d-6e5f4a3b2c1d' })
  @IsString()
  @MaxLength(128)
  orgId!: string;
}
