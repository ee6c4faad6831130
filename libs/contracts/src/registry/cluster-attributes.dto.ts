import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from '../quota/quota-quantity.dto';

/** A DNS-1123 label, as Kubernetes names namespaces: lower case alphanumerics and '-', at most 63. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Which organizations may see and provision on a cluster besides its owner (platform admins set it). */
export class ClusterSharingDto {
  @ApiPropertyOptional({ description: 'Shared with every organization', example: false, default: false })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'Organizations it is shared with', example: ['0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  orgIds?: string[];
}

/** Attributes of a cluster its owner may change after registration. */
export class ClusterAttributesDto {
  @ApiPropertyOptional({ description: 'Human name', example: 'Production EU (Frankfurt)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'Labels (Kubernetes label syntax)', example: { env: 'prod', team: 'data' }, type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Region it runs in', example: 'eu-central-1' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][-A-Za-z0-9_.]*$/, { message: 'region must be letters, digits, dots, dashes or underscores' })
  region?: string;

  @ApiPropertyOptional({
    description: 'Capacity the owner agrees to give Flotilla (Kubernetes quantities: cpu, memory, nvidia.com/gpu, ...)',
    ...RESOURCE_QUANTITIES_SCHEMA,
    example: { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '4' },
  })
  @IsOptional()
  @IsObject()
  declaredCapacity?: ResourceQuantities;

  @ApiPropertyOptional({ description: 'Rate card the cost service prices this cluster with', example: 'aws-eu-central-1-ondemand' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rateCardRef?: string;

  @ApiPropertyOptional({ description: 'Sharing with other organizations (platform admins only)', type: ClusterSharingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClusterSharingDto)
  sharing?: ClusterSharingDto;
}
