import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './audit.subjects';

/** Outcome filter of the audit list: 2xx/3xx are successes, 4xx/5xx failures. */
export enum AuditResult {
  Success = 'success',
  Failure = 'failure',
}

/** Filters and paging of an audit list scoped to one organization (its id is in the path). */
export class AuditEventFilterDto {
  @ApiPropertyOptional({ description: 'Only events of this user', example: '5b0c6f0e-3f5d-4c1e-9d55-2b1f1c8e2a10' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  userId?: string;

  @ApiPropertyOptional({ description: 'Only this action; a trailing `*` matches a prefix (`users.*`)', example: 'users.create' })
  @IsOptional()
  @Matches(/^[a-z0-9._-]{1,200}\*?$/, { message: 'action must be an action name such as users.create, optionally ending in *' })
  action?: string;

  @ApiPropertyOptional({ description: 'Only successes (status < 400) or failures (status >= 400)', enum: AuditResult })
  @IsOptional()
  @IsIn(Object.values(AuditResult))
  result?: AuditResult;

  @ApiPropertyOptional({ description: 'Only this HTTP status', example: 403, minimum: 100, maximum: 599 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  @ApiPropertyOptional({ description: 'Only events at or after this time (ISO 8601)', example: '2024-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Only events before this time (ISO 8601)', example: '2024-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Only events whose target (path parameters) includes this id', example: 'c-123' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Only events of this request id', example: 'c3d1e0a4-51b2-4c5e-8f0a-1b2c3d4e5f60' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  requestId?: string;

  @ApiPropertyOptional({ description: 'Page size', example: AUDIT_PAGE_DEFAULT, minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/**
 * Filters and paging of the audit list across organizations (platform admins), and the payload of
 * `auth.audit-event.list`. For anyone else the organization is always the caller's own.
 */
export class ListAuditEventsQueryDto extends AuditEventFilterDto {
  @ApiPropertyOptional({ description: 'Only events of this organization', example: '0d8f6a3c-9b1e-4f2a-8c7d-6e5f4a3b2c1d' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  orgId?: string;
}
