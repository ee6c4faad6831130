import { Controller, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClusterFitRequest, ClusterParams, FitQueryDto, REGISTRY_SUBJECTS,
  type ClusterCapacityDto, type ConnectionTestDto, type DetectionDto, type FitResultDto, type KeyRotationResultDto,
} from '@flotilla/contracts';
import { createValidationPipe } from '@flotilla/common';
import { ClusterCapacityService } from './cluster-capacity.service';
import { ClusterConnectionService } from './cluster-connection.service';
import { KeyRotationService } from './key-rotation.service';

/** NATS handlers that talk to clusters (test, detect, capacity, fit) and rotate credential keys. */
@Controller()
@UsePipes(createValidationPipe())
export class ClusterOperationsController {
  constructor(
    private readonly connection: ClusterConnectionService,
    private readonly capacities: ClusterCapacityService,
    private readonly keys: KeyRotationService,
  ) {}

  @MessagePattern(REGISTRY_SUBJECTS.test)
  test(@Payload() params: ClusterParams): Promise<ConnectionTestDto> {
    return this.connection.test(params.clusterId);
  }

  @MessagePattern(REGISTRY_SUBJECTS.detect)
  detect(@Payload() params: ClusterParams): Promise<DetectionDto> {
    return this.connection.detect(params.clusterId);
  }

  @MessagePattern(REGISTRY_SUBJECTS.capacity)
  capacity(@Payload() params: ClusterParams): Promise<ClusterCapacityDto> {
    return this.capacities.capacity(params.clusterId);
  }

  @MessagePattern(REGISTRY_SUBJECTS.fit)
  fit(@Payload() request: ClusterFitRequest): Promise<FitResultDto> {
    return this.capacities.fit(request);
  }

  @MessagePattern(REGISTRY_SUBJECTS.fleetFit)
  fleetFit(@Payload() query: FitQueryDto): Promise<FitResultDto> {
    return this.capacities.fleetFit(query);
  }

  @MessagePattern(REGISTRY_SUBJECTS.rotateKeys)
  rotateKeys(): Promise<KeyRotationResultDto> {
    return this.keys.rotate();
  }
}
