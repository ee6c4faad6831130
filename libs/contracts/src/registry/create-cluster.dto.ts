import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { ClusterAttributesDto, DNS1123_LABEL } from './cluster-attributes.dto';
import { ClusterCredentialsDto } from './cluster-credentials.dto';

/** Body of POST /api/v1/clusters. */
export class CreateClusterDto extends ClusterAttributesDto {
  @ApiProperty({ description: 'Name, a DNS-1123 label unique within the owning organization', example: 'prod-eu', pattern: DNS1123_LABEL.source })
  @Matches(DNS1123_LABEL, { message: 'name must be a DNS-1123 label: lower case letters, digits and "-", at most 63, starting and ending alphanumeric' })
  name!: string;

  @ApiPropertyOptional({
    description: "Owning organization. Org admins register for their own (the default); platform admins may omit it to register a platform cluster they share",
    example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiProperty({ description: 'How to reach the cluster (write-only)', type: ClusterCredentialsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ClusterCredentialsDto)
  credentials!: ClusterCredentialsDto;
}

/** Body of PATCH /api/v1/clusters/{clusterId}: any attribute, credentials excepted. */
export class UpdateClusterDto extends ClusterAttributesDto {}

/** Path parameters naming a cluster: `/clusters/{clusterId}`. */
export class ClusterParams {
  @ApiProperty({ description: 'Cluster id', example: '6f1d2c3b-4a59-4e8d-9c7b-2a1f0e9d8c7b', format: 'uuid' })
  @IsUUID()
  clusterId!: string;
}

/** The `registry.cluster.update` request. */
export class UpdateClusterRequest extends IntersectionType(ClusterParams, UpdateClusterDto) {}

/** The `registry.credentials.replace` request (PUT /clusters/{clusterId}/credentials). */
export class ReplaceCredentialsRequest extends IntersectionType(ClusterParams, ClusterCredentialsDto) {}
