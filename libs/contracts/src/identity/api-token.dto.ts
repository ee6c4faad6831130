import { ApiProperty } from '@nestjs/swagger';
import { TokenScope } from './role.enum';

/** An API token as listed: never the token itself nor its hash, only a prefix to recognise it by. */
export class ApiTokenDto {
  @ApiProperty({ description: 'Token id', example: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Owner of the token', example: 'c7a9f1e2-1b34-4d6f-9e80-5a2b3c4d5e6f', format: 'uuid' })
  userId!: string;

  @ApiProperty({ description: 'What the token is for', example: 'ci-pipeline' })
  name!: string;

  @ApiProperty({ description: 'First characters of the token, to recognise it', example: 'flt_Ab12Cd34' })
  prefix!: string;

  @ApiProperty({ description: 'What the token allows', enum: TokenScope, isArray: true, example: [TokenScope.Read] })
  scopes!: TokenScope[];

  @ApiProperty({ description: 'When it stops working; null: never', example: '2026-12-31T00:00:00.000Z', type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ description: 'Last time it authenticated a request (to the minute); null: never used', example: '2026-02-01T09:30:00.000Z', type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({ description: 'When it was revoked; null: not revoked', example: null, type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ description: 'When it was created (ISO 8601)', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  createdAt!: string;
}

/** Answer of POST /api/v1/me/tokens: the token itself, shown this once and never again. */
export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token: use it as `Authorization: Bearer <token>`. Shown only now; Flotilla stores only its hash', example: 'flt_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90' })
  token!: string;
}
