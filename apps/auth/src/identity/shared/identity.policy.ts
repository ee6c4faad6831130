import { ErrorCode, Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { canSeeOrg, DomainException, notFound, requireRole } from '@flotilla/common';

/**
 * Authorization rules of the identity context, on the identity the gateway sent. The order matters:
 * another organization's objects are NOT_FOUND before any FORBIDDEN could tell that they exist.
 */
export const IdentityPolicy = {
  /** NOT_FOUND unless the caller belongs to the organization (or is a platform admin). */
  requireVisibleOrg(identity: IdentityDto, orgId: string): void {
    if (!canSeeOrg(identity, orgId)) throw notFound('organization', orgId);
  },

  /** FORBIDDEN for a read-only credential, whatever the role (a read token cannot mint a write token). */
  requireWriteScope(identity: IdentityDto): void {
    if (!identity.scopes.includes(TokenScope.Write)) throw new DomainException(ErrorCode.Forbidden, 'this credential is read-only');
  },

  /** Managing teams, users and roles of an organization: visible, write scope, org admin or platform admin. */
  requireOrgAdmin(identity: IdentityDto, orgId: string): void {
    IdentityPolicy.requireVisibleOrg(identity, orgId);
    IdentityPolicy.requireWriteScope(identity);
    requireRole(identity, Role.OrgAdmin);
  },

  /** Creating, renaming and deleting organizations. */
  requirePlatformAdminWrite(identity: IdentityDto): void {
    IdentityPolicy.requireWriteScope(identity);
    requireRole(identity, Role.PlatformAdmin);
  },
};
