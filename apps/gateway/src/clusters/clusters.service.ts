import { Inject, Injectable } from '@nestjs/common';
import {
  REGISTRY_SUBJECTS as S,
  type ClusterCapacityDto, type ClusterCredentialsDto, type ClusterDto, type ClusterFitRequest, type ClusterPageDto, type ClusterParams,
  type ConnectionTestDto, type CreateClusterDto, type DetectionDto, type FitQueryDto, type FitResultDto, type KeyRotationResultDto,
  type ListClustersQuery, type ReplaceCredentialsRequest, type UpdateClusterDto, type UpdateClusterRequest,
} from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';
import { CLUSTERS_OPTIONS, type ClustersOptions } from './clusters.options';

/**
 * Forwards cluster requests to the registry service, which owns clusters and their credentials and
 * decides who may do what on the caller's identity (carried with every request). Requests that talk
 * to a cluster get the longer cluster timeout; the others the gateway's default.
 */
@Injectable()
export class ClustersService {
  private readonly reachesCluster: { timeoutMs: number };

  constructor(
    private readonly nats: NatsRequester,
    @Inject(CLUSTERS_OPTIONS) options: ClustersOptions,
  ) {
    this.reachesCluster = { timeoutMs: options.clusterRequestTimeoutMs };
  }

  list(query: ListClustersQuery): Promise<ClusterPageDto> {
    return this.nats.request<ClusterPageDto>(S.list, query);
  }

  create(body: CreateClusterDto): Promise<ClusterDto> {
    return this.nats.request<ClusterDto>(S.create, body, this.reachesCluster);
  }

  get(params: ClusterParams): Promise<ClusterDto> {
    return this.nats.request<ClusterDto>(S.get, params);
  }

  update(params: ClusterParams, body: UpdateClusterDto): Promise<ClusterDto> {
    const request: UpdateClusterRequest = { ...body, ...params };
    return this.nats.request<ClusterDto>(S.update, request);
  }

  async delete(params: ClusterParams): Promise<void> {
    await this.nats.request(S.delete, params);
  }

  test(params: ClusterParams): Promise<ConnectionTestDto> {
    return this.nats.request<ConnectionTestDto>(S.test, params, this.reachesCluster);
  }

  detect(params: ClusterParams): Promise<DetectionDto> {
    return this.nats.request<DetectionDto>(S.detect, params, this.reachesCluster);
  }

  capacity(params: ClusterParams): Promise<ClusterCapacityDto> {
    return this.nats.request<ClusterCapacityDto>(S.capacity, params, this.reachesCluster);
  }

  fit(params: ClusterParams, query: FitQueryDto): Promise<FitResultDto> {
    const request: ClusterFitRequest = { ...query, ...params };
    return this.nats.request<FitResultDto>(S.fit, request, this.reachesCluster);
  }

  fleetFit(query: FitQueryDto): Promise<FitResultDto> {
    return this.nats.request<FitResultDto>(S.fleetFit, query, this.reachesCluster);
  }

  replaceCredentials(params: ClusterParams, body: ClusterCredentialsDto): Promise<ClusterDto> {
    const request: ReplaceCredentialsRequest = { ...body, ...params };
    return this.nats.request<ClusterDto>(S.replaceCredentials, request, this.reachesCluster);
  }

  rotateKeys(): Promise<KeyRotationResultDto> {
    return this.nats.request<KeyRotationResultDto>(S.rotateKeys, {}, this.reachesCluster);
  }
}
