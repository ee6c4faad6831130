import { ApiProperty } from '@nestjs/swagger';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from '../quota/quota-quantity.dto';

const QUANTITIES = { ...RESOURCE_QUANTITIES_SCHEMA, example: { cpu: '7910m', memory: '30Gi', 'nvidia.com/gpu': '2' } };

/** A node taint as the scheduler sees it. */
export class NodeTaintDto {
  @ApiProperty({ example: 'nvidia.com/gpu' })
  key!: string;

  @ApiProperty({ example: 'present', type: String, nullable: true })
  value!: string | null;

  @ApiProperty({ example: 'NoSchedule', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] })
  effect!: string;
}

/** Capacity of one node. Quantities are Kubernetes quantity strings per resource. */
export class NodeCapacityDto {
  @ApiProperty({ description: 'Node name', example: 'ip-10-0-1-17.eu-central-1.compute.internal' })
  name!: string;

  @ApiProperty({ description: 'Ready condition is True', example: true })
  ready!: boolean;

  @ApiProperty({ description: 'Neither cordoned nor tainted NoSchedule/NoExecute', example: true })
  schedulable!: boolean;

  @ApiProperty({ description: 'Node labels', example: { 'topology.kubernetes.io/zone': 'eu-central-1a' }, type: 'object', additionalProperties: { type: 'string' } })
  labels!: Record<string, string>;

  @ApiProperty({ description: 'Taints', type: [NodeTaintDto] })
  taints!: NodeTaintDto[];

  @ApiProperty({ description: 'status.capacity', ...QUANTITIES })
  capacity!: ResourceQuantities;

  @ApiProperty({ description: 'status.allocatable', ...QUANTITIES })
  allocatable!: ResourceQuantities;

  @ApiProperty({ description: 'Sum of the requests of pods bound to it that have not finished', ...QUANTITIES })
  allocated!: ResourceQuantities;

  @ApiProperty({ description: 'allocatable − allocated', ...QUANTITIES })
  available!: ResourceQuantities;

  @ApiProperty({ description: 'Pods bound to it that have not finished', example: 12 })
  pods!: number;
}

/** Live capacity of a cluster (second tier) beside what its owner declared (first tier). */
export class ClusterCapacityDto {
  @ApiProperty({ description: 'Cluster id', example: '6f1d2c3b-4a59-4e8d-9c7b-2a1f0e9d8c7b', format: 'uuid' })
  clusterId!: string;

  @ApiProperty({ description: 'Capacity the owner agreed to give Flotilla', ...QUANTITIES })
  declared!: ResourceQuantities;

  @ApiProperty({ description: 'Sum of node allocatable over Ready nodes', ...QUANTITIES })
  total!: ResourceQuantities;

  @ApiProperty({ description: 'Sum of requests of running and pending-bound pods', ...QUANTITIES })
  allocated!: ResourceQuantities;

  @ApiProperty({ description: 'total − allocated (a total: a pod must still fit on one node)', ...QUANTITIES })
  available!: ResourceQuantities;

  @ApiProperty({ description: 'Per node', type: [NodeCapacityDto] })
  nodes!: NodeCapacityDto[];

  @ApiProperty({ description: 'When the cluster was read', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  observedAt!: string;
}
