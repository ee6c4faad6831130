import { ErrorCode, QuotaScope, Role, type IdentityDto, type QuotaOwnerDto } from '@flotilla/contracts';
import { canSeeOrg, DomainException, isPlatformAdmin, notFound, requireRole, requireWrite } from '@flotilla/common';
import type { QuotaOwner } from './quota-ledger.util';
import type { ReservationRecord } from './quota-reservation.repository';
import { QuotaException } from './quota.exception';

// Who may do what with quotas (Rancher projects / Capsule tenants): the platform sets an
// organization's limits; org admins split them among teams and users; members (with a write
// credential) reserve for themselves, as provisioning does on their behalf; viewers only read.
// Another organization's objects are NOT_FOUND, exactly like missing ones.

/** NOT_FOUND unless the caller may see the organization. */
export function requireVisibleOrg(identity: IdentityDto, orgId: string): void {
  if (!canSeeOrg(identity, orgId)) throw notFound('organization', orgId);
}

/** True for a platform admin, or an org admin of this organization. */
export function isAdminOf(identity: IdentityDto, orgId: string): boolean {
  return isPlatformAdmin(identity) || (identity.role === Role.OrgAdmin && identity.orgId === orgId);
}

/** Only platform admins set an organization's own limits; org admins set those of its teams and users. */
export function authorizeLimitChange(identity: IdentityDto, orgId: string, scope: QuotaScope): void {
  requireVisibleOrg(identity, orgId);
  requireWrite(identity);
  if (scope === QuotaScope.Org && !isPlatformAdmin(identity)) {
    throw new DomainException(ErrorCode.Forbidden, "only platform admins set an organization's quota; org admins set team and user quotas", {
      required: Role.PlatformAdmin,
      role: identity.role,
    });
  }
  requireRole(identity, Role.OrgAdmin);
}

/** The organization a reservation charges: the caller's own, or any (that must be named) for platform admins. */
function owningOrg(identity: IdentityDto, requested: string | undefined): string {
  if (isPlatformAdmin(identity)) {
    if (!requested) throw QuotaException.invalidField('owner.orgId', 'owner.orgId is required for platform admins');
    return requested;
  }
  if (!identity.orgId || (requested && requested !== identity.orgId)) throw notFound('organization', requested ?? 'none');
  return identity.orgId;
}

/** Members charge only themselves and their own teams; admins any team or user of the organization. */
function memberOwner(identity: IdentityDto, orgId: string, requested: QuotaOwnerDto): QuotaOwner {
  if (requested.userId && requested.userId !== identity.userId) {
    throw new DomainException(ErrorCode.Forbidden, 'members reserve only for themselves', { required: Role.OrgAdmin, role: identity.role });
  }
  if (requested.teamId && !identity.teamIds.includes(requested.teamId)) {
    throw new DomainException(ErrorCode.Forbidden, 'members reserve only for their own teams', { teamId: requested.teamId });
  }
  return { orgId, teamId: requested.teamId ?? null, userId: identity.userId };
}

/**
 * Who a reservation charges, once the caller may reserve there (write credential, member or above).
 * The user defaults to the caller when the caller belongs to the organization.
 */
export function authorizeReservationOwner(identity: IdentityDto, requested: QuotaOwnerDto): QuotaOwner {
  const orgId = owningOrg(identity, requested.orgId);
  requireWrite(identity);
  if (!isAdminOf(identity, orgId)) return memberOwner(identity, orgId, requested);
  const self = identity.orgId === orgId ? identity.userId : null;
  return { orgId, teamId: requested.teamId ?? null, userId: requested.userId ?? self };
}

/** Admins see every reservation of their organization; members the ones charging or made by them. */
export function canSeeReservation(identity: IdentityDto, reservation: ReservationRecord): boolean {
  if (!canSeeOrg(identity, reservation.orgId)) return false;
  return isAdminOf(identity, reservation.orgId) || reservation.userId === identity.userId || reservation.createdBy === identity.userId;
}

/** Listing an organization's reservations is for its admins. */
export function authorizeListing(identity: IdentityDto, orgId: string): void {
  requireVisibleOrg(identity, orgId);
  requireRole(identity, Role.OrgAdmin);
}
