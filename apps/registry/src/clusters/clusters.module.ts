import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CredentialsModule } from '../credentials/credentials.module';
import { ClusterCapacityService } from './cluster-capacity.service';
import { ClusterConnectionService } from './cluster-connection.service';
import { ClusterEvents } from './cluster-events';
import { ClusterOnboardingService } from './cluster-onboarding.service';
import { ClusterOperationsController } from './cluster-operations.controller';
import { ClusterProbe } from './cluster-probe';
import { ClusterRegistrationService } from './cluster-registration.service';
import { ClusterStateRecorder } from './cluster-state.recorder';
import { ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';
import { CredentialExpiryMonitor } from './credential-expiry.monitor';
import { DefaultClusterRegistrar } from './default-cluster.registrar';
import { KeyRotationService } from './key-rotation.service';
import { OrganizationCleanupConsumer } from './organization-cleanup.consumer';
import { OrganizationCleanupService } from './organization-cleanup.service';
import { OrganizationDirectory } from './organization-directory';

/**
 * The clusters bounded context of the registry: registration (connection test and provider detection
 * on the way), listing, changes, deletion, on-demand tests and detection, live capacity and fit
 * queries, over NATS (`registry.*`), authorized on the caller's identity; events through the outbox;
 * the default platform cluster at start; cleanup when an organization is deleted; warnings before
 * credentials expire.
 */
@Module({
  imports: [CredentialsModule, ScheduleModule.forRoot()],
  controllers: [ClustersController, ClusterOperationsController],
  providers: [
    ClustersRepository,
    ClusterEvents,
    ClusterProbe,
    ClusterStateRecorder,
    ClustersService,
    ClusterRegistrationService,
    ClusterOnboardingService,
    OrganizationDirectory,
    ClusterConnectionService,
    ClusterCapacityService,
    KeyRotationService,
    DefaultClusterRegistrar,
    OrganizationCleanupService,
    OrganizationCleanupConsumer,
    CredentialExpiryMonitor,
  ],
})
export class ClustersModule {}
