import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { CredentialType, ErrorCode, type CreateClusterDto } from '@flotilla/contracts';
import { APP_CONFIG, DomainException } from '@flotilla/common';
import type { RegistryConfig } from '../registry.config';
import type { ClusterEntity } from './cluster.entity';
import { ClusterProbe, type ParsedCredentials, type ProbeResult } from './cluster-probe';
import { ClusterRegistrationService, newCluster } from './cluster-registration.service';

/** Name of the platform cluster registered from FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG. */
export const DEFAULT_CLUSTER_NAME = 'default';

const ATTEMPTS = 3;

/**
 * Registers the platform cluster `default`, shared with every organization, from the kubeconfig at
 * FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG when the registry starts (after its migrations), or refreshes
 * its credentials, status and detection when it exists. Idempotent across restarts and across
 * replicas starting together: the owner/name unique constraint decides who inserts; the others
 * refresh under a row lock. An unreadable or unusable kubeconfig stops the start with a clear message.
 */
@Injectable()
export class DefaultClusterRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(DefaultClusterRegistrar.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: RegistryConfig,
    private readonly registration: ClusterRegistrationService,
    private readonly probe: ClusterProbe,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.config.FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG;
    if (!path) return;
    const credentials = this.parse(path, await readKubeconfig(path));
    const probe = await this.probe.probe(credentials.access);
    const { cluster, outcome } = await this.registerOrRefresh(credentials, probe);
    const found = probe.detection ? `, ${probe.detection.provider} ${probe.detection.gitVersion ?? ''}`.trimEnd() : '';
    const reason = probe.test.reason ? ` (${probe.test.reason})` : '';
    this.logger.log(`default cluster ${outcome}: ${cluster.name} (${cluster.id}) at ${cluster.server}, status ${cluster.status}${reason}${found}`);
  }

  private parse(path: string, kubeconfig: string): ParsedCredentials {
    try {
      return this.probe.parse({ type: CredentialType.Kubeconfig, kubeconfig });
    } catch (error) {
      if (error instanceof DomainException) throw new Error(`FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG (${path}) is unusable: ${error.message}`);
      throw error;
    }
  }

  private async registerOrRefresh(credentials: ParsedCredentials, probe: ProbeResult): Promise<{ cluster: ClusterEntity; outcome: string }> {
    for (let attempt = 1; ; attempt++) {
      const refreshed = await this.registration.refresh(null, DEFAULT_CLUSTER_NAME, credentials, probe);
      if (refreshed) return { cluster: refreshed, outcome: 'refreshed' };
      const registered = await this.register(credentials, probe);
      if (registered) return { cluster: registered, outcome: 'registered' };
      // another replica inserted it between our look and our insert: refresh that one
      if (attempt >= ATTEMPTS) throw new Error('the default cluster could not be registered: its row keeps appearing and disappearing');
    }
  }

  private async register(credentials: ParsedCredentials, probe: ProbeResult): Promise<ClusterEntity | null> {
    const request = { name: DEFAULT_CLUSTER_NAME, displayName: 'Default cluster', sharing: { all: true } } as CreateClusterDto;
    const row = newCluster(request, { orgId: null, labels: {}, declaredCapacity: {}, createdBy: null }, credentials, probe);
    try {
      return await this.registration.register(row, credentials, null);
    } catch (error) {
      if (error instanceof DomainException && error.code === ErrorCode.Conflict) return null;
      throw error;
    }
  }
}

async function readKubeconfig(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
