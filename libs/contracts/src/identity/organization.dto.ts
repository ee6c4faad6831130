import { ApiProperty } from '@nestjs/swagger';

/** An organization (a tenant): owns teams, users, tokens, quotas, clusters and workloads. */
export class OrganizationDto {
  @ApiProperty({ description: 'Organization id', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Unique name (RFC 1123 label)', example: 'acme' })
  name!: string;

  @ApiProperty({ description: 'Name shown to people', example: 'ACME Corporation' })
  displayName!: string;

  @ApiProperty({ description: 'When it was created (ISO 8601)', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  createdAt!: string;
}
