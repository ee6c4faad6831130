import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { KeysetPageQuery } from '../paging/keyset-page.query';
import { ClusterProvider, ClusterStatus } from './cluster-enums';
import { ClusterDto } from './cluster.dto';

/** Query of GET /api/v1/clusters (also the `registry.cluster.list` request): by name, keyset pagination. */
export class ListClustersQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ description: 'Only clusters of this provider', enum: ClusterProvider, example: ClusterProvider.Eks })
  @IsOptional()
  @IsEnum(ClusterProvider)
  provider?: ClusterProvider;

  @ApiPropertyOptional({ description: 'Only clusters in this state', enum: ClusterStatus, example: ClusterStatus.Ready })
  @IsOptional()
  @IsEnum(ClusterStatus)
  status?: ClusterStatus;

  @ApiPropertyOptional({ description: 'Label selector, equality only: `env=prod,team=data`', example: 'env=prod' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  labelSelector?: string;

  @ApiPropertyOptional({ description: 'Only clusters owned by this organization (platform admins)', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

/** One page of clusters. */
export class ClusterPageDto {
  @ApiProperty({ description: 'Clusters, by name', type: [ClusterDto] })
  items!: ClusterDto[];

  @ApiProperty({ description: 'Cursor of the next page; null on the last one', example: null, type: String, nullable: true })
  nextCursor!: string | null;
}
