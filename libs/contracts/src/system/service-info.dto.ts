import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What one service says about itself (answer to `<service>.system.info`). */
export class ServiceInfoDto {
  @ApiProperty({ description: 'Service name', example: 'auth' })
  service!: string;

  @ApiProperty({ description: 'Version of the running build', example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Seconds since the process started', example: 42 })
  uptimeSeconds!: number;

  @ApiProperty({ description: 'Postgres schema the service owns', example: 'auth' })
  schema!: string;

  @ApiPropertyOptional({ description: 'Newest migration applied to that schema, read from Postgres', example: 'Init1732300000000' })
  latestMigration?: string;
}
