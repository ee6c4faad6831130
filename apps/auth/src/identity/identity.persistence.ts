import { SettingEntity } from './bootstrap/setting.entity';
import { CreateIdentity1732301000000 } from './migrations/create-identity.migration';
import { OrganizationEntity } from './organizations/organization.entity';
import { TeamMemberEntity } from './teams/team-member.entity';
import { TeamEntity } from './teams/team.entity';
import { ApiTokenEntity } from './tokens/api-token.entity';
import { UserEntity } from './users/user.entity';

/** Entities of the identity context, in the auth schema. */
export const IDENTITY_ENTITIES: Array<new (...args: never[]) => unknown> = [
  OrganizationEntity,
  TeamEntity,
  TeamMemberEntity,
  UserEntity,
  ApiTokenEntity,
  SettingEntity,
];

/** Migrations of the identity context. */
export const IDENTITY_MIGRATIONS: Array<new (...args: never[]) => unknown> = [CreateIdentity1732301000000];
