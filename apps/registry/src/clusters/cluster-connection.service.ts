import { Injectable } from '@nestjs/common';
import { ConnectionStep, type ConnectionTestDto, type DetectionDto, type IdentityDto } from '@flotilla/contracts';
import { currentIdentity } from '@flotilla/common';
import type { ClusterAccess } from '@flotilla/kube';
import { CredentialVault } from '../credentials/credential-vault.service';
import { requireClusterUse } from './cluster-access.policy';
import type { ClusterEntity } from './cluster.entity';
import { ClusterProbe } from './cluster-probe';
import { probeChanges } from './cluster-registration.service';
import { unreachable } from './cluster-read-failure.util';
import { ClusterStateRecorder } from './cluster-state.recorder';
import { ClustersService } from './clusters.service';

/** Tests a cluster's connection and detects its provider on demand, recording both. */
@Injectable()
export class ClusterConnectionService {
  constructor(
    private readonly reader: ClustersService,
    private readonly vault: CredentialVault,
    private readonly probe: ClusterProbe,
    private readonly recorder: ClusterStateRecorder,
  ) {}

  /**
   * Tests the connection now (every step, with latency and reason) and records the outcome as the
   * cluster's status; a cluster reached for the first time, or whose version changed (an upgrade), is
   * detected again too. `cluster.updated` when status, provider or version changed.
   */
  async test(clusterId: string): Promise<ConnectionTestDto> {
    const { identity, cluster, access } = await this.usable(clusterId);
    const probe = await this.probe.probe(access, (test) => !cluster.detection || versionChanged(test, cluster));
    await this.recorder.record(clusterId, probeChanges(access, probe, cluster), identity.userId);
    return probe.test;
  }

  /** Detects provider and version now, keeping the evidence; CLUSTER_UNREACHABLE when it cannot be read. */
  async detect(clusterId: string): Promise<DetectionDto> {
    const { identity, cluster, access } = await this.usable(clusterId);
    const detection = await this.probe.detect(access).catch((error: unknown) => {
      throw unreachable(cluster, 'detect its provider', error);
    });
    await this.recorder.record(clusterId, { detection, provider: detection.provider, gitVersion: detection.gitVersion }, identity.userId);
    return detection;
  }

  private async usable(clusterId: string): Promise<{ identity: IdentityDto; cluster: ClusterEntity; access: ClusterAccess }> {
    const identity = currentIdentity();
    const cluster = await this.reader.visible(identity, clusterId);
    requireClusterUse(identity, cluster);
    return { identity, cluster, access: await this.vault.load(clusterId) };
  }
}

/** Whether the test read a /version other than the one recorded at the last detection. */
function versionChanged(test: ConnectionTestDto, cluster: ClusterEntity): boolean {
  const version = test.steps.find((step) => step.step === ConnectionStep.Version);
  return version?.ok === true && version.detail !== cluster.gitVersion;
}
