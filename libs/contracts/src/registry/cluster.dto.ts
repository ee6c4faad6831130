import { ApiProperty } from '@nestjs/swagger';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from '../quota/quota-quantity.dto';
import { ClusterStatus } from './cluster-enums';
import { CredentialSummaryDto } from './cluster-credentials.dto';
import { ConnectionTestDto } from './connection-test.dto';
import { DetectionDto } from './detection.dto';

const TIME_EXAMPLE = '2026-01-31T12:00:00.000Z';

/** Sharing of a cluster as stored. */
export class ClusterSharingStateDto {
  @ApiProperty({ description: 'Shared with every organization', example: false })
  all!: boolean;

  @ApiProperty({ description: 'Organizations it is shared with (platform admins and owners see them)', example: [], type: [String] })
  orgIds!: string[];
}

/** A registered cluster. Never carries credentials. */
export class ClusterDto {
  @ApiProperty({ description: 'Cluster id', example: '6f1d2c3b-4a59-4e8d-9c7b-2a1f0e9d8c7b', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Name, unique within the owning organization', example: 'prod-eu' })
  name!: string;

  @ApiProperty({ description: 'Human name', example: 'Production EU (Frankfurt)' })
  displayName!: string;

  @ApiProperty({ description: 'Owning organization; null for a platform cluster', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', type: String, nullable: true, format: 'uuid' })
  orgId!: string | null;

  @ApiProperty({ description: 'Organizations it is shared with', type: ClusterSharingStateDto })
  sharing!: ClusterSharingStateDto;

  @ApiProperty({ description: 'Labels', example: { env: 'prod' }, type: 'object', additionalProperties: { type: 'string' } })
  labels!: Record<string, string>;

  @ApiProperty({ description: 'Region', example: 'eu-central-1', type: String, nullable: true })
  region!: string | null;

  @ApiProperty({ description: 'API server URL (not a secret)', example: 'https://api.prod-eu.example.com:6443' })
  server!: string;

  @ApiProperty({ description: 'State from the latest connection test', enum: ClusterStatus, example: ClusterStatus.Ready })
  status!: ClusterStatus;

  @ApiProperty({ description: 'Latest connection test', type: ConnectionTestDto, nullable: true })
  lastTest!: ConnectionTestDto | null;

  @ApiProperty({ description: 'Latest provider and version detection (null until the cluster was reached)', type: DetectionDto, nullable: true })
  detection!: DetectionDto | null;

  @ApiProperty({ description: 'Capacity the owner declared', ...RESOURCE_QUANTITIES_SCHEMA, example: { cpu: '64', memory: '256Gi' } })
  declaredCapacity!: ResourceQuantities;

  @ApiProperty({ description: 'Rate card for cost', example: 'aws-eu-central-1-ondemand', type: String, nullable: true })
  rateCardRef!: string | null;

  @ApiProperty({ description: 'What the stored credentials are (never the secrets); null for callers who may not manage them', type: CredentialSummaryDto, nullable: true })
  credentials!: CredentialSummaryDto | null;

  @ApiProperty({ description: 'Whether the caller may change, delete or replace credentials of this cluster', example: true })
  manageable!: boolean;

  @ApiProperty({ description: 'When it was registered', example: TIME_EXAMPLE, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'When it last changed', example: TIME_EXAMPLE, format: 'date-time' })
  updatedAt!: string;
}
