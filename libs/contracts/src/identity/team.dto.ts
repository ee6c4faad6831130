import { ApiProperty } from '@nestjs/swagger';

/** A team inside an organization (quotas and cost can be set and reported per team). */
export class TeamDto {
  @ApiProperty({ description: 'Team id', example: '8d2e41a4-7f61-4a0c-a8f5-0b7e3c1d9e22', format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Organization the team belongs to', example: '0d8f3c2a-6b1e-4f5d-8a9c-7e6d5c4b3a21', format: 'uuid' })
  orgId!: string;

  @ApiProperty({ description: 'Name, unique within the organization (RFC 1123 label)', example: 'data-science' })
  name!: string;

  @ApiProperty({ description: 'Name shown to people', example: 'Data Science' })
  displayName!: string;

  @ApiProperty({ description: 'When it was created (ISO 8601)', example: '2026-01-31T12:00:00.000Z', format: 'date-time' })
  createdAt!: string;
}
