import { ApiProperty } from '@nestjs/swagger';

/** One amount of a resource, both as Kubernetes writes it and as the exact integer the ledger keeps. */
export class QuotaQuantityDto {
  @ApiProperty({ description: 'Kubernetes quantity ("500m", "2Gi", "4")', example: '2Gi' })
  quantity!: string;

  @ApiProperty({
    description: 'Exact integer in the resource unit (millicores for cpu, bytes for memory and storage, a count otherwise), as a string',
    example: '2147483648',
    pattern: '^[0-9]+$',
  })
  value!: string;
}

/**
 * Resource amounts as Kubernetes quantity strings, keyed by resource name: `cpu`, `memory`,
 * `ephemeral-storage`, `storage`, `workloads`, or an extended resource such as `nvidia.com/gpu`.
 */
export type ResourceQuantities = Record<string, string>;

/** OpenAPI shape shared by every map of resource name → quantity string. */
export const RESOURCE_QUANTITIES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;
