import { Injectable } from '@nestjs/common';
import {
  ClusterStatus, ErrorCode, type ClusterCapacityDto, type ClusterFitRequest, type FitQueryDto, type FitResultDto, type IdentityDto, type NodeCapacityDto,
} from '@flotilla/contracts';
import { currentIdentity, DomainException } from '@flotilla/common';
import { placeReplicas } from '@flotilla/kube';
import { CredentialVault } from '../credentials/credential-vault.service';
import type { ClusterEntity } from './cluster.entity';
import { validLabels, validQuantities } from './cluster-input.util';
import { ClusterProbe } from './cluster-probe';
import { capacityTotals } from './capacity-totals.util';
import { unreachable } from './cluster-read-failure.util';
import { ClustersRepository } from './clusters.repository';
import { ClustersService, scopeOf } from './clusters.service';

/** Clusters read at once by a fleet fit query. */
export const FLEET_READ_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Live capacity (second tier) beside the declared one, and where replicas would fit, node by node. */
@Injectable()
export class ClusterCapacityService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly reader: ClustersService,
    private readonly vault: CredentialVault,
    private readonly probe: ClusterProbe,
  ) {}

  /** Total, allocated and available per node and for the cluster; CLUSTER_UNREACHABLE when it cannot be read. */
  async capacity(clusterId: string): Promise<ClusterCapacityDto> {
    const cluster = await this.reader.visible(currentIdentity(), clusterId);
    const nodes = await this.readNodes(cluster);
    return { clusterId, declared: cluster.declaredCapacity, ...capacityTotals(nodes), nodes, observedAt: new Date().toISOString() };
  }

  /** Where the replicas would go on this cluster, as its scheduler would place them. */
  async fit(request: ClusterFitRequest): Promise<FitResultDto> {
    const { clusterId, ...query } = request;
    const cluster = await this.reader.visible(currentIdentity(), clusterId);
    const fitQuery = validFitQuery(query);
    const nodes = await this.readNodes(cluster);
    return placeReplicas([{ clusterId, clusterName: cluster.name, nodes }], fitQuery);
  }

  /** Where the replicas would go across every ready cluster the caller can use; unreadable ones are skipped and listed. */
  async fleetFit(query: FitQueryDto): Promise<FitResultDto> {
    const fitQuery = validFitQuery(query);
    const usable = await this.usableClusters(currentIdentity());
    const read = await mapLimited(usable, FLEET_READ_CONCURRENCY, async (cluster) => ({ cluster, nodes: await this.readNodes(cluster).catch(skipUnreachable) }));
    const readable = read.filter((entry): entry is { cluster: ClusterEntity; nodes: NodeCapacityDto[] } => entry.nodes !== null);
    const result = placeReplicas(readable.map(({ cluster, nodes }) => ({ clusterId: cluster.id, clusterName: cluster.name, nodes })), fitQuery);
    return { ...result, skippedClusters: read.filter((entry) => entry.nodes === null).map((entry) => entry.cluster.id) };
  }

  private usableClusters(identity: IdentityDto): Promise<ClusterEntity[]> {
    return this.clusters.all({ scope: scopeOf(identity), status: ClusterStatus.Ready });
  }

  private async readNodes(cluster: ClusterEntity): Promise<NodeCapacityDto[]> {
    const access = await this.vault.load(cluster.id);
    try {
      return await this.probe.nodes(access);
    } catch (error) {
      throw unreachable(cluster, 'read its nodes', error);
    }
  }
}

/** A fleet query skips (and lists) clusters it cannot read; anything else fails the query. */
function skipUnreachable(error: unknown): null {
  if (error instanceof DomainException && error.code === ErrorCode.ClusterUnreachable) return null;
  throw error;
}

function validFitQuery(query: FitQueryDto): FitQueryDto {
  const nodeSelector = query.nodeSelector && validLabels(query.nodeSelector, 'nodeSelector');
  return { ...query, requests: validQuantities(query.requests, 'requests'), replicas: query.replicas ?? 1, ...(nodeSelector ? { nodeSelector } : {}) };
}
