import { Injectable } from '@nestjs/common';
import { notFound } from '@flotilla/common';
import { ClusterEvents } from './cluster-events';
import { ClustersRepository, type ClusterChanges } from './clusters.repository';

/** Records what a test or detection found, announcing it when status, provider or version changed. */
@Injectable()
export class ClusterStateRecorder {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly events: ClusterEvents,
  ) {}

  /** Writes `changes` under a row lock and emits `cluster.updated` if what events carry changed. */
  async record(clusterId: string, changes: ClusterChanges, actorId: string | null): Promise<void> {
    await this.clusters.transaction(async (manager) => {
      const before = await this.clusters.lock(manager, clusterId);
      if (!before) throw notFound('cluster', clusterId);
      const after = await this.clusters.update(manager, clusterId, changes);
      await this.events.emitIfChanged(manager, before, after, actorId);
    });
  }
}
