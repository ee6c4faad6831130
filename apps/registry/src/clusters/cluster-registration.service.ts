import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ClusterProvider, REGISTRY_EVENTS, type CreateClusterDto } from '@flotilla/contracts';
import { notFound } from '@flotilla/common';
import { CredentialVault } from '../credentials/credential-vault.service';
import type { ClusterEntity } from './cluster.entity';
import { ClusterEvents } from './cluster-events';
import type { ParsedCredentials, ProbeResult } from './cluster-probe';
import { ClustersException } from './clusters.exception';
import { ClustersRepository } from './clusters.repository';

/** A cluster row before it is inserted. */
export type NewCluster = Omit<ClusterEntity, 'createdAt' | 'updatedAt'>;

/** Columns a connection test and detection set. */
type ProbeColumns = Pick<ClusterEntity, 'server' | 'status' | 'lastTest' | 'detection'> & Partial<Pick<ClusterEntity, 'provider' | 'gitVersion'>>;

/** What to write after a probe; the last detection is kept when this one could not run. */
export function probeChanges(access: { server: string }, probe: ProbeResult, previous?: ClusterEntity): ProbeColumns {
  const detection = probe.detection ?? previous?.detection ?? null;
  return {
    server: access.server,
    status: probe.status,
    lastTest: probe.test,
    detection,
    ...(detection ? { provider: detection.provider, gitVersion: detection.gitVersion } : {}),
  };
}

/** What a registration stores beside the request's attributes. */
interface RegistrationFacts {
  orgId: string | null;
  labels: Record<string, string>;
  declaredCapacity: Record<string, string>;
  createdBy: string | null;
}

/** The row of a cluster being registered. */
export function newCluster(request: CreateClusterDto, facts: RegistrationFacts, credentials: ParsedCredentials, probe: ProbeResult): NewCluster {
  return {
    id: randomUUID(),
    name: request.name,
    displayName: request.displayName ?? request.name,
    sharedWithAll: request.sharing?.all ?? false,
    sharedOrgIds: [...new Set(request.sharing?.orgIds ?? [])],
    region: request.region ?? null,
    rateCardRef: request.rateCardRef ?? null,
    ...facts,
    provider: ClusterProvider.Unknown,
    gitVersion: null,
    ...probeChanges(credentials.access, probe),
  };
}

/**
 * Writes registrations and credential changes: the cluster row, its encrypted credentials and the
 * event announcing it, in one transaction. Callers probe the cluster before (never inside) it.
 */
@Injectable()
export class ClusterRegistrationService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly vault: CredentialVault,
    private readonly events: ClusterEvents,
  ) {}

  /** Inserts the cluster, its credentials and `cluster.registered` together; 409 when the name is taken. */
  async register(cluster: NewCluster, credentials: ParsedCredentials, actorId: string | null): Promise<ClusterEntity> {
    return this.clusters.transaction(async (manager) => {
      if (!(await this.clusters.insert(manager, cluster))) throw ClustersException.nameTaken(cluster.name);
      await this.vault.store(manager, cluster.id, credentials.access, credentials.metadata);
      const stored = (await this.clusters.find(cluster.id, manager))!;
      await this.events.emit(manager, REGISTRY_EVENTS.registered, stored, actorId);
      return stored;
    });
  }

  /** Stores new credentials and the probe's outcome, emitting `cluster.credentials-rotated`. */
  async rotate(clusterId: string, credentials: ParsedCredentials, probe: ProbeResult, actorId: string | null): Promise<ClusterEntity> {
    return this.clusters.transaction(async (manager) => {
      const locked = await this.clusters.lock(manager, clusterId);
      if (!locked) throw notFound('cluster', clusterId);
      await this.vault.store(manager, clusterId, credentials.access, credentials.metadata);
      const stored = await this.clusters.update(manager, clusterId, probeChanges(credentials.access, probe, locked));
      await this.events.emit(manager, REGISTRY_EVENTS.credentialsRotated, stored, actorId);
      return stored;
    });
  }

  /**
   * Refreshes the cluster an owner (null: the platform) has under `name` with credentials read anew:
   * stores them when they changed (`cluster.credentials-rotated`), records the probe (`cluster.updated`
   * when what events carry changed). Null when there is no such cluster.
   */
  async refresh(orgId: string | null, name: string, credentials: ParsedCredentials, probe: ProbeResult): Promise<ClusterEntity | null> {
    return this.clusters.transaction(async (manager) => {
      const before = await this.clusters.findByName(orgId, name, manager);
      if (!before) return null;
      const stored = await this.vault.load(before.id, manager).catch(() => null);
      // compared as stored (JSON): undefined properties do not count as a change
      const rotated = !isDeepStrictEqual(stored, JSON.parse(JSON.stringify(credentials.access)));
      if (rotated) await this.vault.store(manager, before.id, credentials.access, credentials.metadata);
      const after = await this.clusters.update(manager, before.id, probeChanges(credentials.access, probe, before));
      if (rotated) await this.events.emit(manager, REGISTRY_EVENTS.credentialsRotated, after, null);
      else await this.events.emitIfChanged(manager, before, after, null);
      return after;
    });
  }
}
