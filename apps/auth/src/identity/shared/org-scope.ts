import { Injectable } from '@nestjs/common';
import type { IdentityDto } from '@flotilla/contracts';
import { notFound } from '@flotilla/common';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { IdentityPolicy } from './identity.policy';

/**
 * The organization named in a request's path, checked for the caller: NOT_FOUND when it does not
 * exist or is not the caller's (platform admins see all), FORBIDDEN when it is visible but the caller
 * may not manage it. Everything org-scoped starts here.
 */
@Injectable()
export class OrgScope {
  constructor(private readonly organizations: OrganizationsRepository) {}

  /** Reading inside the organization: anyone of it, and platform admins. */
  async visible(identity: IdentityDto, orgId: string): Promise<void> {
    IdentityPolicy.requireVisibleOrg(identity, orgId);
    await this.requireExisting(orgId);
  }

  /** Managing teams, users and roles of the organization: its org admins, and platform admins. */
  async administered(identity: IdentityDto, orgId: string): Promise<void> {
    IdentityPolicy.requireVisibleOrg(identity, orgId);
    await this.requireExisting(orgId);
    IdentityPolicy.requireOrgAdmin(identity, orgId);
  }

  private async requireExisting(orgId: string): Promise<void> {
    if (!(await this.organizations.get(orgId))) throw notFound('organization', orgId);
  }
}
