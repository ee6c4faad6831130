import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Gauge, register } from 'prom-client';
import { expiresSoon } from '@flotilla/kube';
import { CredentialVault } from '../credentials/credential-vault.service';
import { ClustersRepository } from './clusters.repository';

const CHECK_INTERVAL_MS = 60 * 60 * 1000;
const METRIC = 'flotilla_cluster_credentials_expiration_timestamp_seconds';

/**
 * When each cluster's credentials expire (client certificate notAfter or token `exp`), in seconds
 * since the epoch — the way cert-manager exports certificate expiry, so one alert rule
 * (`… - time() < 30 * 86400`) warns before it comes. Clusters whose credentials never expire are absent.
 */
export const credentialsExpiry =
  (register.getSingleMetric(METRIC) as Gauge<'cluster_id' | 'cluster'> | undefined) ??
  new Gauge({ name: METRIC, help: 'Expiry of the credentials Flotilla holds for a cluster (unix seconds)', labelNames: ['cluster_id', 'cluster'] });

/**
 * Reports credentials that are about to expire: at start and hourly it refreshes the expiry gauge
 * and logs a warning (cluster id and name, never the credentials) for each that expires within the
 * warning window or already has. The API shows the same per cluster (`credentials.expiresSoon`).
 */
@Injectable()
export class CredentialExpiryMonitor implements OnApplicationBootstrap {
  private readonly logger = new Logger(CredentialExpiryMonitor.name);

  constructor(
    private readonly clusters: ClustersRepository,
    private readonly vault: CredentialVault,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: a slow database must not hold up the start
    void this.check();
  }

  /** Refreshes the gauge and warns about credentials expiring soon; returns the clusters warned about. */
  @Interval(CHECK_INTERVAL_MS)
  async check(now: Date = new Date()): Promise<string[]> {
    try {
      const clusters = await this.clusters.all({ scope: { all: true } });
      const metadata = await this.vault.metadata(clusters.map((cluster) => cluster.id));
      credentialsExpiry.reset();
      const warned: string[] = [];
      for (const cluster of clusters) {
        const expiresAt = metadata.get(cluster.id)?.expiresAt;
        if (!expiresAt) continue;
        credentialsExpiry.set({ cluster_id: cluster.id, cluster: cluster.name }, Math.floor(expiresAt.getTime() / 1000));
        if (!expiresSoon(expiresAt, now)) continue;
        warned.push(cluster.id);
        this.logger.warn({ clusterId: cluster.id, cluster: cluster.name, expiresAt: expiresAt.toISOString() }, 'cluster credentials expire soon: replace them with PUT /clusters/{id}/credentials');
      }
      return warned;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'credential expiry check failed, will retry');
      return [];
    }
  }
}
