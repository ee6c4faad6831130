import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClusterParams, CreateClusterDto, ListClustersQuery, REGISTRY_SUBJECTS, ReplaceCredentialsRequest, UpdateClusterRequest, type ClusterDto, type ClusterPageDto,
} from '@flotilla/contracts';
import { createValidationPipe } from '@flotilla/common';
import { ClusterOnboardingService } from './cluster-onboarding.service';
import { ClustersService } from './clusters.service';

/** NATS handlers that register, read, change and delete clusters; each delegates to a service. */
@Controller()
@UsePipes(createValidationPipe())
export class ClustersController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly onboarding: ClusterOnboardingService,
  ) {}

  @MessagePattern(REGISTRY_SUBJECTS.create)
  create(@Payload() request: CreateClusterDto): Promise<ClusterDto> {
    return this.onboarding.create(request);
  }

  @MessagePattern(REGISTRY_SUBJECTS.list)
  list(@Payload() query: ListClustersQuery): Promise<ClusterPageDto> {
    return this.clusters.list(query);
  }

  @MessagePattern(REGISTRY_SUBJECTS.get)
  get(@Payload() params: ClusterParams): Promise<ClusterDto> {
    return this.clusters.get(params.clusterId);
  }

  @MessagePattern(REGISTRY_SUBJECTS.update)
  update(@Payload() request: UpdateClusterRequest): Promise<ClusterDto> {
    return this.clusters.update(request);
  }

  @MessagePattern(REGISTRY_SUBJECTS.delete)
  async delete(@Payload() params: ClusterParams): Promise<{ deleted: true }> {
    await this.clusters.delete(params.clusterId);
    return { deleted: true };
  }

  @MessagePattern(REGISTRY_SUBJECTS.replaceCredentials)
  replaceCredentials(@Payload() request: ReplaceCredentialsRequest): Promise<ClusterDto> {
    return this.onboarding.replaceCredentials(request);
  }
}
