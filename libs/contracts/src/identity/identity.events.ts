import { ApiProperty } from '@nestjs/swagger';

/** `identity.organization-created`: a platform admin created an organization. */
export class OrganizationCreatedEvent {
  @ApiProperty({ description: 'Organization id', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21' })
  orgId!: string;

  @ApiProperty({ description: 'Its unique name', example: 'acme' })
  name!: string;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}

/**
 * `identity.organization-deleted`: an organization is gone with its teams, users and tokens. Services
 * holding objects of that organization clean them up.
 */
export class OrganizationDeletedEvent {
  @ApiProperty({ description: 'Organization id', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21' })
  orgId!: string;

  @ApiProperty({ description: 'Its name', example: 'acme' })
  name!: string;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}

/** `identity.user-deleted`: a user is gone with its tokens and team memberships. */
export class UserDeletedEvent {
  @ApiProperty({ description: 'User id', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f' })
  userId!: string;

  @ApiProperty({ description: 'Organization it belonged to', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', type: String, nullable: true })
  orgId!: string | null;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}

/** `identity.token-revoked`: an API token stopped working (its id only, never the token or its hash). */
export class TokenRevokedEvent {
  @ApiProperty({ description: 'Token id', example: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b' })
  tokenId!: string;

  @ApiProperty({ description: 'Owner of the token', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f' })
  userId!: string;

  @ApiProperty({ description: 'Organization of the owner; null for platform admins', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', type: String, nullable: true })
  orgId!: string | null;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}
