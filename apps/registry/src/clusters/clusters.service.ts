import { Injectable } from '@nestjs/common';
import { REGISTRY_EVENTS, type ClusterDto, type ClusterPageDto, type IdentityDto, type ListClustersQuery, type UpdateClusterRequest } from '@flotilla/contracts';
import { currentIdentity, isPlatformAdmin, notFound } from '@flotilla/common';
import { CredentialVault } from '../credentials/credential-vault.service';
import { canManageCluster, requireClusterManagement, requireSharingRight, requireVisibleCluster } from './cluster-access.policy';
import { decodeCursor, encodeCursor } from './cluster-cursor.util';
import type { ClusterEntity } from './cluster.entity';
import { ClusterEvents } from './cluster-events';
import { validLabels, validQuantities } from './cluster-input.util';
import { toClusterDto } from './cluster.mapper';
import { ClustersRepository, type ClusterChanges, type ClusterScope } from './clusters.repository';
import { parseLabelSelector } from './label-selector.util';

const DEFAULT_PAGE_SIZE = 50;

/** The clusters a caller sees: all for platform admins, else its organization's and those shared with it. */
export function scopeOf(identity: IdentityDto): ClusterScope {
  return isPlatformAdmin(identity) ? { all: true } : { all: false, orgId: identity.orgId };
}

/** The attribute columns a PATCH sets (only the fields it names). */
function attributeChanges(request: UpdateClusterRequest): ClusterChanges {
  const changes: ClusterChanges = {};
  if (request.displayName !== undefined) changes.displayName = request.displayName;
  if (request.labels !== undefined) changes.labels = validLabels(request.labels);
  if (request.region !== undefined) changes.region = request.region;
  if (request.declaredCapacity !== undefined) changes.declaredCapacity = validQuantities(request.declaredCapacity, 'declaredCapacity');
  if (request.rateCardRef !== undefined) changes.rateCardRef = request.rateCardRef;
  if (request.sharing?.all !== undefined) changes.sharedWithAll = request.sharing.all;
  if (request.sharing?.orgIds !== undefined) changes.sharedOrgIds = [...new Set(request.sharing.orgIds)];
  return changes;
}

/** Reading, changing and deleting registered clusters. */
@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly vault: CredentialVault,
    private readonly events: ClusterEvents,
  ) {}

  /** Clusters the caller sees, filtered, by name (keyset pagination). */
  async list(query: ListClustersQuery): Promise<ClusterPageDto> {
    const identity = currentIdentity();
    const selector = query.labelSelector === undefined ? undefined : parseLabelSelector(query.labelSelector);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filter = { scope: scopeOf(identity), ownerOrgId: query.orgId, provider: query.provider, status: query.status, selector };
    const rows = await this.clusters.list(filter, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: await this.toDtos(identity, page), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(clusterId: string): Promise<ClusterDto> {
    const identity = currentIdentity();
    return (await this.toDtos(identity, [await this.visible(identity, clusterId)]))[0];
  }

  /** Changes attributes (owners); sharing is for platform admins. Emits `cluster.updated` when something changed. */
  async update(request: UpdateClusterRequest): Promise<ClusterDto> {
    const identity = currentIdentity();
    requireClusterManagement(identity, await this.visible(identity, request.clusterId));
    requireSharingRight(identity, request.sharing);
    const changes = attributeChanges(request);
    const stored = await this.clusters.transaction(async (manager) => {
      const before = await this.clusters.lock(manager, request.clusterId);
      if (!before) throw notFound('cluster', request.clusterId);
      if (!hasChanges(before, changes)) return before;
      const after = await this.clusters.update(manager, before.id, changes);
      await this.events.emit(manager, REGISTRY_EVENTS.updated, after, identity.userId);
      return after;
    });
    return (await this.toDtos(identity, [stored]))[0];
  }

  /** Deletes the cluster with its credentials, emitting `cluster.deleted` (owners). */
  async delete(clusterId: string): Promise<void> {
    const identity = currentIdentity();
    requireClusterManagement(identity, await this.visible(identity, clusterId));
    await this.clusters.transaction(async (manager) => {
      const cluster = await this.clusters.lock(manager, clusterId);
      if (!cluster) throw notFound('cluster', clusterId);
      await this.vault.remove(manager, clusterId);
      await this.clusters.delete(manager, clusterId);
      await this.events.emit(manager, REGISTRY_EVENTS.deleted, cluster, identity.userId);
    });
  }

  /** The cluster, when the caller sees it; NOT_FOUND otherwise, exactly as for a missing one. */
  async visible(identity: IdentityDto, clusterId: string): Promise<ClusterEntity> {
    const cluster = await this.clusters.find(clusterId);
    if (!cluster) throw notFound('cluster', clusterId);
    requireVisibleCluster(identity, cluster);
    return cluster;
  }

  /** DTOs of clusters, with the credential summary for those the caller may manage. */
  async toDtos(identity: IdentityDto, clusters: ClusterEntity[]): Promise<ClusterDto[]> {
    const managed = clusters.filter((cluster) => canManageCluster(identity, cluster)).map((cluster) => cluster.id);
    const metadata = managed.length > 0 ? await this.vault.metadata(managed) : new Map();
    return clusters.map((cluster) => toClusterDto(cluster, identity, metadata.get(cluster.id)));
  }
}

function hasChanges(before: ClusterEntity, changes: ClusterChanges): boolean {
  return Object.entries(changes).some(([key, value]) => canonical(before[key as keyof ClusterEntity]) !== canonical(value));
}

/** JSON with object keys sorted (jsonb does not keep the order they were written in). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
