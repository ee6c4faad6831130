import { Role, TokenScope, type ClusterSharingDto, type IdentityDto } from '@flotilla/contracts';
import { isPlatformAdmin, notFound, requireRole, requireWrite } from '@flotilla/common';
import type { ClusterEntity } from './cluster.entity';
import { ClustersException } from './clusters.exception';

// Who may do what with a cluster (Rancher's cluster owner/member, OCM's ManagedClusterSet bindings):
// platform admins everything; org admins register for their own organization and manage its
// clusters; members read, test, detect and query capacity on clusters of their organization or
// shared with it; viewers read. Sharing grants read/provision rights, never management. A cluster
// the caller cannot see is NOT_FOUND, exactly like a missing one.

type Visibility = Pick<ClusterEntity, 'orgId' | 'sharedWithAll' | 'sharedOrgIds'>;

/** Whether the caller sees the cluster: its own organization's, shared with it, or any for platform admins. */
export function canSeeCluster(identity: IdentityDto, cluster: Visibility): boolean {
  if (isPlatformAdmin(identity)) return true;
  if (!identity.orgId) return false;
  return cluster.orgId === identity.orgId || cluster.sharedWithAll || cluster.sharedOrgIds.includes(identity.orgId);
}

/** Whether the caller owns the cluster: platform admins own every one, an organization its own. */
function owns(identity: IdentityDto, cluster: Visibility): boolean {
  return isPlatformAdmin(identity) || (cluster.orgId !== null && cluster.orgId === identity.orgId);
}

/** Whether the caller may change, delete or replace the credentials of the cluster now. */
export function canManageCluster(identity: IdentityDto, cluster: Visibility): boolean {
  if (!identity.scopes.includes(TokenScope.Write) || !owns(identity, cluster)) return false;
  return isPlatformAdmin(identity) || identity.role === Role.OrgAdmin;
}

/** NOT_FOUND unless the caller sees the cluster. */
export function requireVisibleCluster(identity: IdentityDto, cluster: Visibility & { id: string }): void {
  if (!canSeeCluster(identity, cluster)) throw notFound('cluster', cluster.id);
}

/** Testing and detecting record results: members and above with a write credential, on clusters they see. */
export function requireClusterUse(identity: IdentityDto, cluster: Visibility & { id: string }): void {
  requireVisibleCluster(identity, cluster);
  requireWrite(identity);
}

/** Changing, deleting and replacing credentials: the owner's org admins and platform admins. */
export function requireClusterManagement(identity: IdentityDto, cluster: Visibility & { id: string }): void {
  requireVisibleCluster(identity, cluster);
  requireWrite(identity);
  if (!owns(identity, cluster)) {
    throw ClustersException.forbidden('a shared cluster can be read and provisioned on; only its owner manages it', { clusterId: cluster.id });
  }
  requireRole(identity, Role.OrgAdmin);
}

/** Only platform admins share clusters with other organizations. */
export function requireSharingRight(identity: IdentityDto, sharing: ClusterSharingDto | undefined): void {
  if (sharing === undefined || isPlatformAdmin(identity)) return;
  throw ClustersException.forbidden('only platform admins share clusters with other organizations', { field: 'sharing', required: Role.PlatformAdmin });
}

/**
 * The owner of a cluster being registered: for org admins their own organization (naming another is
 * NOT_FOUND, as it is invisible to them); for platform admins the organization named, or none (a
 * platform cluster).
 */
export function registrationOwner(identity: IdentityDto, requestedOrgId: string | undefined): string | null {
  if (isPlatformAdmin(identity)) {
    requireWrite(identity);
    return requestedOrgId ?? null;
  }
  if (!identity.orgId || (requestedOrgId && requestedOrgId !== identity.orgId)) throw notFound('organization', requestedOrgId ?? 'none');
  requireWrite(identity);
  requireRole(identity, Role.OrgAdmin);
  return identity.orgId;
}
