import { isPlatformAdmin } from '@flotilla/common';
import type { ClusterDto, ClusterEvent, CredentialSummaryDto, IdentityDto } from '@flotilla/contracts';
import type { CredentialMetadata } from '../credentials/credential-vault.service';
import { canManageCluster } from './cluster-access.policy';
import type { ClusterEntity } from './cluster.entity';

/** Credentials expiring within this window are flagged `expiresSoon`. */
export const EXPIRY_WARNING_MS = 30 * 24 * 60 * 60 * 1000;

/** Stored credential metadata as the vault reports it. */
export type StoredCredentialMetadata = CredentialMetadata & { updatedAt: Date };

/** What the stored credentials are, never the secrets. */
export function toCredentialSummary(metadata: StoredCredentialMetadata, now = new Date()): CredentialSummaryDto {
  return {
    type: metadata.type,
    method: metadata.method,
    expiresAt: metadata.expiresAt?.toISOString() ?? null,
    expiresSoon: metadata.expiresAt !== null && metadata.expiresAt.getTime() - now.getTime() <= EXPIRY_WARNING_MS,
    hostRequirement: metadata.hostRequirement,
    updatedAt: metadata.updatedAt.toISOString(),
  };
}

/**
 * A cluster as `identity` may see it: the credentials summary and the list of organizations it is
 * shared with only for those who may manage it (platform admins, the owner's org admins).
 */
export function toClusterDto(cluster: ClusterEntity, identity: IdentityDto, metadata: StoredCredentialMetadata | undefined): ClusterDto {
  const manageable = canManageCluster(identity, cluster);
  const seesSharing = isPlatformAdmin(identity) || (cluster.orgId !== null && cluster.orgId === identity.orgId);
  return {
    id: cluster.id,
    name: cluster.name,
    displayName: cluster.displayName,
    orgId: cluster.orgId,
    sharing: { all: cluster.sharedWithAll, orgIds: seesSharing ? [...cluster.sharedOrgIds] : [] },
    labels: cluster.labels,
    region: cluster.region,
    server: cluster.server,
    status: cluster.status,
    lastTest: cluster.lastTest,
    detection: cluster.detection,
    declaredCapacity: cluster.declaredCapacity,
    rateCardRef: cluster.rateCardRef,
    credentials: manageable && metadata ? toCredentialSummary(metadata) : null,
    manageable,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}

/** Payload of a `cluster.*` event: identity and state after the change, never credentials. */
export function toClusterEvent(cluster: ClusterEntity, actorId: string | null): ClusterEvent {
  return {
    clusterId: cluster.id,
    name: cluster.name,
    orgId: cluster.orgId,
    sharedWithAll: cluster.sharedWithAll,
    sharedOrgIds: [...cluster.sharedOrgIds],
    server: cluster.server,
    provider: cluster.provider,
    gitVersion: cluster.gitVersion,
    status: cluster.status,
    actorId,
    occurredAt: new Date().toISOString(),
  };
}
