import { Injectable } from '@nestjs/common';
import type { IdentityDto, MeDto } from '@flotilla/contracts';
import { IdentityException } from '../identity.exception';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { IdentityMapper } from '../shared/identity.mapper';
import { TeamsRepository } from '../teams/teams.repository';
import { UsersRepository } from '../users/users.repository';

/** GET /me: the caller as the database knows it now. */
@Injectable()
export class MeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async me(identity: IdentityDto): Promise<MeDto> {
    const user = await this.users.get(identity.userId);
    if (!user) throw IdentityException.unauthenticated('the user of this credential no longer exists');
    const organization = user.orgId ? await this.organizations.get(user.orgId) : null;
    const teams = await this.teams.teamsOf(user.id);
    return {
      user: IdentityMapper.user(user),
      organization: organization ? IdentityMapper.organization(organization) : null,
      role: user.role,
      teams: teams.map(IdentityMapper.team),
      scopes: identity.scopes,
      ...(identity.tokenId ? { tokenId: identity.tokenId } : {}),
    };
  }
}
