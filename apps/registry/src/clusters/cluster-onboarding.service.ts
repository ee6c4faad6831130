import { Injectable } from '@nestjs/common';
import type { ClusterDto, CreateClusterDto, ReplaceCredentialsRequest } from '@flotilla/contracts';
import { currentIdentity, notFound } from '@flotilla/common';
import { registrationOwner, requireClusterManagement, requireSharingRight } from './cluster-access.policy';
import { validLabels, validQuantities } from './cluster-input.util';
import { toClusterDto } from './cluster.mapper';
import { ClusterProbe } from './cluster-probe';
import { ClusterRegistrationService, newCluster } from './cluster-registration.service';
import { ClustersException } from './clusters.exception';
import { ClustersRepository } from './clusters.repository';
import { OrganizationDirectory } from './organization-directory';

/**
 * Registering clusters and replacing their credentials on a caller's request: authorized, validated
 * (fields named), the connection tested and the provider detected before any transaction opens. An
 * unreachable cluster is registered all the same, with that status and the reason.
 */
@Injectable()
export class ClusterOnboardingService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly registration: ClusterRegistrationService,
    private readonly probe: ClusterProbe,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async create(request: CreateClusterDto): Promise<ClusterDto> {
    const identity = currentIdentity();
    const orgId = registrationOwner(identity, request.orgId);
    requireSharingRight(identity, request.sharing);
    const labels = validLabels(request.labels ?? {});
    const declaredCapacity = validQuantities(request.declaredCapacity ?? {}, 'declaredCapacity');
    const credentials = this.probe.parse(request.credentials);
    // org admins register for the organization their identity names; one a platform admin names must exist
    if (orgId !== null && orgId !== identity.orgId) await this.organizations.requireExists(orgId);
    if (await this.clusters.findByName(orgId, request.name)) throw ClustersException.nameTaken(request.name);
    const probe = await this.probe.probe(credentials.access);
    const cluster = newCluster(request, { orgId, labels, declaredCapacity, createdBy: identity.userId }, credentials, probe);
    const stored = await this.registration.register(cluster, credentials, identity.userId);
    return toClusterDto(stored, identity, { ...credentials.metadata, updatedAt: stored.createdAt });
  }

  /** Replaces the credentials (owners only), re-tests with them and records the outcome. */
  async replaceCredentials(request: ReplaceCredentialsRequest): Promise<ClusterDto> {
    const identity = currentIdentity();
    const { clusterId, ...dto } = request;
    const current = await this.clusters.find(clusterId);
    if (!current) throw notFound('cluster', clusterId);
    requireClusterManagement(identity, current);
    const credentials = this.probe.parse(dto);
    const probe = await this.probe.probe(credentials.access);
    const stored = await this.registration.rotate(clusterId, credentials, probe, identity.userId);
    return toClusterDto(stored, identity, { ...credentials.metadata, updatedAt: stored.updatedAt });
  }
}
