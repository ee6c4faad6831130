import { Injectable, Logger } from '@nestjs/common';
import { REGISTRY_EVENTS } from '@flotilla/contracts';
import { CredentialVault } from '../credentials/credential-vault.service';
import { ClusterEvents } from './cluster-events';
import { ClustersRepository } from './clusters.repository';

/** What happens to clusters when their organization is deleted. */
@Injectable()
export class OrganizationCleanupService {
  private readonly logger = new Logger(OrganizationCleanupService.name);

  constructor(
    private readonly clusters: ClustersRepository,
    private readonly vault: CredentialVault,
    private readonly events: ClusterEvents,
  ) {}

  /**
   * Deletes the organization's clusters with their credentials (`cluster.deleted`) and removes it from
   * every sharing list (`cluster.updated`), in one transaction. Idempotent: a second call finds nothing.
   */
  async organizationDeleted(orgId: string): Promise<void> {
    const { deleted, unshared } = await this.clusters.transaction(async (manager) => {
      const owned = await this.clusters.lockOwnedBy(manager, orgId);
      for (const cluster of owned) {
        await this.vault.remove(manager, cluster.id);
        await this.clusters.delete(manager, cluster.id);
        await this.events.emit(manager, REGISTRY_EVENTS.deleted, cluster, null);
      }
      const shared = await this.clusters.lockSharedWith(manager, orgId);
      for (const cluster of shared) {
        const after = await this.clusters.update(manager, cluster.id, { sharedOrgIds: cluster.sharedOrgIds.filter((id) => id !== orgId) });
        await this.events.emit(manager, REGISTRY_EVENTS.updated, after, null);
      }
      return { deleted: owned.length, unshared: shared.length };
    });
    if (deleted + unshared > 0) this.logger.log(`organization ${orgId} deleted: ${deleted} of its clusters deleted, ${unshared} no longer shared with it`);
  }
}
