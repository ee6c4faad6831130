import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { RESOURCE_QUANTITIES_SCHEMA, type ResourceQuantities } from './quota-quantity.dto';
import { GetQuotaRequest } from './get-quota.dto';

/**
 * Body of PUT .../quotas: the complete set of hard limits (a resource left out becomes unlimited).
 * Setting a limit below current use is allowed: the quota then reports overLimit.
 */
export class SetQuotaDto {
  @ApiProperty({
    description:
      'Hard limit per resource as Kubernetes quantities: cpu ("500m", "8"), memory/ephemeral-storage/storage ("64Gi"), ' +
      'workloads and extended resources such as nvidia.com/gpu or nvidia.com/mig-1g.10gb (whole numbers). {} removes every limit.',
    ...RESOURCE_QUANTITIES_SCHEMA,
    example: { cpu: '16', memory: '64Gi', storage: '1Ti', workloads: '20', 'nvidia.com/gpu': '4' },
  })
  @IsObject()
  hard!: ResourceQuantities;
}

/** The `quota.limits.set` request: which quota (as in {@link GetQuotaRequest}) and its new limits. */
export class SetQuotaRequest extends IntersectionType(GetQuotaRequest, SetQuotaDto) {}
