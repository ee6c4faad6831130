import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, TokenScope } from './role.enum';

/**
 * Who is calling: set by the gateway after authentication and carried to every service in the
 * `x-flotilla-identity` NATS header. Services authorize on it; they never trust an org id in a body.
 */
export class IdentityDto {
  @ApiProperty({ description: 'User id', example: '5b0c6f0e-3f5d-4c1e-9d55-2b1f1c8e2a10' })
  userId!: string;

  @ApiProperty({ description: 'Organization of the user; null for platform admins', example: '0d8f...', nullable: true, type: String })
  orgId!: string | null;

  @ApiProperty({ description: 'Role of the user in its organization', enum: Role, example: Role.Member })
  role!: Role;

  @ApiProperty({ description: 'Teams the user belongs to', type: [String] })
  teamIds!: string[];

  @ApiProperty({ description: 'What the credential used allows', enum: TokenScope, isArray: true, example: [TokenScope.Read, TokenScope.Write] })
  scopes!: TokenScope[];

  @ApiPropertyOptional({ description: 'API token used, when it was one (never the token itself)', example: 'tok_3f9a...' })
  tokenId?: string;
}

/** Shape check for an identity that arrived over the wire (a header anyone on NATS could set). */
export function isIdentity(value: unknown): value is IdentityDto {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<IdentityDto>;
  return (
    typeof v.userId === 'string' &&
    (v.orgId === null || typeof v.orgId === 'string') &&
    Object.values(Role).includes(v.role as Role) &&
    Array.isArray(v.teamIds) &&
    Array.isArray(v.scopes) &&
    v.scopes.every((s) => Object.values(TokenScope).includes(s))
  );
}
