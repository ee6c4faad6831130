import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmptyObject, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from '../quota/quota-quantity.dto';
import { ClusterParams } from './create-cluster.dto';

/** A toleration, as in a pod spec. */
export class FitTolerationDto {
  @ApiPropertyOptional({ example: 'nvidia.com/gpu' })
  @IsOptional()
  @IsString()
  @MaxLength(317)
  key?: string;

  @ApiPropertyOptional({ example: 'Exists', enum: ['Exists', 'Equal'] })
  @IsOptional()
  @IsIn(['Exists', 'Equal'])
  operator?: string;

  @ApiPropertyOptional({ example: 'present' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  value?: string;

  @ApiPropertyOptional({ example: 'NoSchedule', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] })
  @IsOptional()
  @IsIn(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
  effect?: string;
}

/** Body of a fit query: N replicas of a pod with these requests. */
export class FitQueryDto {
  @ApiProperty({
    description: 'Requests of one replica (Kubernetes quantities; GPUs and MIG slices by resource name)',
    ...RESOURCE_QUANTITIES_SCHEMA,
    example: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' },
  })
  @IsObject()
  @IsNotEmptyObject()
  requests!: ResourceQuantities;

  @ApiPropertyOptional({ description: 'Replicas to place', example: 3, minimum: 1, maximum: 10000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  replicas?: number;

  @ApiPropertyOptional({ description: 'Node selector', example: { 'nvidia.com/gpu.product': 'A100' }, type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  nodeSelector?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Tolerations', type: [FitTolerationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FitTolerationDto)
  tolerations?: FitTolerationDto[];
}

/** The `registry.cluster.fit` request. */
export class ClusterFitRequest extends IntersectionType(ClusterParams, FitQueryDto) {}

/** Replicas placed on one node. */
export class FitPlacementDto {
  @ApiProperty({ description: 'Cluster id', example: '6f1d2c3b-4a59-4e8d-9c7b-2a1f0e9d8c7b', format: 'uuid' })
  clusterId!: string;

  @ApiProperty({ description: 'Cluster name', example: 'prod-eu' })
  clusterName!: string;

  @ApiProperty({ description: 'Node', example: 'gpu-node-2' })
  node!: string;

  @ApiProperty({ description: 'Replicas placed on it', example: 2 })
  replicas!: number;
}

/** Where the replicas would go, node by node, as the scheduler places them (best fit, one at a time). */
export class FitResultDto {
  @ApiProperty({ description: 'True when every replica found a node', example: true })
  fits!: boolean;

  @ApiProperty({ description: 'Replicas asked for', example: 3 })
  replicas!: number;

  @ApiProperty({ description: 'Replicas that found a node', example: 3 })
  placed!: number;

  @ApiProperty({ description: 'Placements, by cluster and node', type: [FitPlacementDto] })
  placements!: FitPlacementDto[];

  @ApiProperty({ description: 'Why replicas did not fit (per resource or constraint), empty when all fit', example: [], type: [String] })
  reasons!: string[];

  @ApiProperty({ description: 'Clusters that could not be read (unreachable), by id', example: [], type: [String] })
  skippedClusters!: string[];
}
