import { ApiProperty } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Role } from '../identity/role.enum';

/** HTTP methods that change state, the only ones the audit log records. */
export const AUDITED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** One of {@link AUDITED_METHODS}. */
export type AuditedMethod = (typeof AUDITED_METHODS)[number];

/**
 * One mutating request through the gateway, as recorded in the audit log: who (user, org, role,
 * token id — never the token), what (action, route, target ids from the path — never the body),
 * the outcome (HTTP status and error code), when, and the request id that ties it to logs. It is
 * both the record the gateway publishes and the item the list returns.
 */
export class AuditEventDto {
  @ApiProperty({ description: 'Event id, chosen by the gateway; recording the same id twice stores it once', example: '0b7f1b9e-2a57-4a43-9a8e-2f9c1d2e3f40' })
  @IsUUID()
  id!: string;

  @ApiProperty({ description: 'When the request arrived (ISO 8601, UTC)', example: '2024-11-22T10:15:30.123Z' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({ description: 'Request id (x-request-id) of the request', example: 'c3d1e0a4-51b2-4c5e-8f0a-1b2c3d4e5f60' })
  @IsString()
  @MaxLength(128)
  requestId!: string;

  @ApiProperty({ description: 'User who made the request; null when anonymous', example: '5b0c6f0e-3f5d-4c1e-9d55-2b1f1c8e2a10', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  userId!: string | null;

  @ApiProperty({
    description: "Organization the request acted in: the caller's, or for platform admins and anonymous callers the one in the path; null when none",
    example: '0d8f6a3c-9b1e-4f2a-8c7d-6e5f4a3b2c1d',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  orgId!: string | null;

  @ApiProperty({ description: "Caller's role; null when anonymous", enum: Role, nullable: true, example: Role.OrgAdmin })
  @IsOptional()
  @IsIn(Object.values(Role))
  role!: Role | null;

  @ApiProperty({ description: 'Id of the API token used, when it was one (never the token itself)', example: 'tok_3f9a', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  tokenId!: string | null;

  @ApiProperty({ description: 'Short name of what was attempted, derived from the route', example: 'users.create' })
  @IsString()
  @MaxLength(200)
  action!: string;

  @ApiProperty({ description: 'HTTP method', enum: AUDITED_METHODS, example: 'POST' })
  @IsIn(AUDITED_METHODS)
  method!: AuditedMethod;

  @ApiProperty({ description: 'Route pattern (or the path when no route matched)', example: '/api/v1/orgs/{orgId}/users' })
  @IsString()
  @MaxLength(512)
  route!: string;

  @ApiProperty({
    description: 'What the request acted on: the path parameters of the route',
    example: { orgId: '0d8f6a3c-9b1e-4f2a-8c7d-6e5f4a3b2c1d' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  target!: Record<string, string>;

  @ApiProperty({ description: 'HTTP status answered', example: 201, minimum: 100, maximum: 599 })
  @IsInt()
  @Min(100)
  @Max(599)
  status!: number;

  @ApiProperty({ description: 'Error code of a failed request; null on success', example: 'FORBIDDEN', nullable: true, type: String })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/)
  errorCode!: string | null;

  @ApiProperty({ description: 'Address of the client', example: '203.0.113.7', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  clientIp!: string | null;

  @ApiProperty({ description: 'User-Agent header of the client', example: 'curl/8.5.0', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  userAgent!: string | null;

  @ApiProperty({ description: 'Time the gateway took to answer, in milliseconds', example: 12 })
  @IsInt()
  @Min(0)
  durationMs!: number;
}

/** One page of audit events, newest first. */
export class AuditEventPageDto {
  @ApiProperty({ description: 'Events, newest first', type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({
    description: 'Opaque cursor of the next page (pass it as `cursor`); null on the last page',
    example: 'WyIyMDI0LTExLTIyVDEwOjE1OjMwLjEyM1oiLCIwYjdmIl0',
    nullable: true,
    type: String,
  })
  nextCursor!: string | null;
}
