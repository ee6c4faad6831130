import { ErrorCode, Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { DomainException } from '../errors/domain.exception';
import { RequestContext } from '../logging/request-context';

const RANK: Record<Role, number> = { [Role.PlatformAdmin]: 3, [Role.OrgAdmin]: 2, [Role.Member]: 1, [Role.Viewer]: 0 };

/** The authenticated caller of the current request; UNAUTHENTICATED when there is none. */
export function currentIdentity(): IdentityDto {
  const identity = RequestContext.identity();
  if (!identity) throw new DomainException(ErrorCode.Unauthenticated, 'authentication required');
  return identity;
}

/** True for platform admins, who act across organizations. */
export function isPlatformAdmin(identity: IdentityDto): boolean {
  return identity.role === Role.PlatformAdmin;
}

/** FORBIDDEN unless the caller's role is at least `minimum` (platform admin > org admin > member > viewer). */
export function requireRole(identity: IdentityDto, minimum: Role): void {
  if (RANK[identity.role] < RANK[minimum]) {
    throw new DomainException(ErrorCode.Forbidden, `requires the ${minimum} role`, { required: minimum, role: identity.role });
  }
}

/** FORBIDDEN unless the caller may change things: a write-scoped credential and a role above viewer. */
export function requireWrite(identity: IdentityDto): void {
  if (!identity.scopes.includes(TokenScope.Write)) throw new DomainException(ErrorCode.Forbidden, 'this credential is read-only');
  requireRole(identity, Role.Member);
}

/**
 * Whether the caller may see objects of `orgId`. Callers must answer NOT_FOUND (never FORBIDDEN)
 * when this is false, so another organization's objects look exactly like missing ones.
 */
export function canSeeOrg(identity: IdentityDto, orgId: string): boolean {
  return isPlatformAdmin(identity) || identity.orgId === orgId;
}

/** NOT_FOUND for an object the caller may not see, exactly as for one that does not exist. */
export function notFound(kind: string, id: string): DomainException {
  return new DomainException(ErrorCode.NotFound, `${kind} ${id} not found`, { kind, id });
}
