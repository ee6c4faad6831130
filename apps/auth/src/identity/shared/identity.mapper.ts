import type { ApiTokenDto, OrganizationDto, TeamDto, UserDto } from '@flotilla/contracts';
import type { OrganizationEntity } from '../organizations/organization.entity';
import type { TeamEntity } from '../teams/team.entity';
import type { ApiTokenEntity } from '../tokens/api-token.entity';
import type { UserRecord } from '../users/users.repository';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Entity → wire shape, field by field: nothing reaches a response unless it is named here, so a
 * password hash or token hash can never slip out with a spread.
 */
export const IdentityMapper = {
  organization(entity: OrganizationEntity): OrganizationDto {
    return { id: entity.id, name: entity.name, displayName: entity.displayName, createdAt: entity.createdAt.toISOString() };
  },

  team(entity: TeamEntity): TeamDto {
    return { id: entity.id, orgId: entity.orgId, name: entity.name, displayName: entity.displayName, createdAt: entity.createdAt.toISOString() };
  },

  user(record: UserRecord): UserDto {
    return {
      id: record.id,
      orgId: record.orgId,
      username: record.username,
      email: record.email,
      displayName: record.displayName,
      role: record.role,
      passwordSet: record.passwordSet,
      createdAt: record.createdAt.toISOString(),
    };
  },

  token(entity: ApiTokenEntity): ApiTokenDto {
    return {
      id: entity.id,
      userId: entity.userId,
      name: entity.name,
      prefix: entity.prefix,
      scopes: entity.scopes,
      expiresAt: iso(entity.expiresAt),
      lastUsedAt: iso(entity.lastUsedAt),
      revokedAt: iso(entity.revokedAt),
      createdAt: entity.createdAt.toISOString(),
    };
  },
};
