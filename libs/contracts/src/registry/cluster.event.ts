import { ApiProperty } from '@nestjs/swagger';
import { ClusterProvider, ClusterStatus } from './cluster-enums';

/**
 * Payload of every `cluster.*` event: the cluster's identity and state after the change. Never
 * carries credentials.
 */
export class ClusterEvent {
  @ApiProperty({ description: 'Cluster id', example: '6f1d2c3b-4a59-4e8d-9c7b-2a1f0e9d8c7b' })
  clusterId!: string;

  @ApiProperty({ description: 'Cluster name', example: 'prod-eu' })
  name!: string;

  @ApiProperty({ description: 'Owning organization (null: platform cluster)', example: null, type: String, nullable: true })
  orgId!: string | null;

  @ApiProperty({ description: 'Shared with every organization', example: true })
  sharedWithAll!: boolean;

  @ApiProperty({ description: 'Organizations it is shared with', example: [], type: [String] })
  sharedOrgIds!: string[];

  @ApiProperty({ description: 'API server URL', example: 'https://api.prod-eu.example.com:6443' })
  server!: string;

  @ApiProperty({ description: 'Detected provider', enum: ClusterProvider, example: ClusterProvider.Eks })
  provider!: ClusterProvider;

  @ApiProperty({ description: 'Server gitVersion', example: 'v1.31.2-eks-7f9249a', type: String, nullable: true })
  gitVersion!: string | null;

  @ApiProperty({ description: 'Connection state', enum: ClusterStatus, example: ClusterStatus.Ready })
  status!: ClusterStatus;

  @ApiProperty({ description: 'Who caused it (null for the system)', example: null, type: String, nullable: true })
  actorId!: string | null;

  @ApiProperty({ description: 'When it happened (ISO 8601)', example: '2026-01-31T12:00:00.000Z' })
  occurredAt!: string;
}

/** Result of re-wrapping every data key under the active key-encryption key. */
export class KeyRotationResultDto {
  @ApiProperty({ description: 'Key id every credential is now wrapped with', example: 'k2' })
  activeKeyId!: string;

  @ApiProperty({ description: 'Data keys re-wrapped', example: 42 })
  rewrapped!: number;

  @ApiProperty({ description: 'Credentials still wrapped by another key id (0 after a successful rotation)', example: 0 })
  remainingOnOtherKeys!: number;
}
