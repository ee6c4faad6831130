import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorDto } from '../errors/error-body.dto';

/** One service as the gateway sees it: either its own answer or why it could not be reached. */
export class ServiceStatusDto {
  @ApiProperty({ description: 'Service name', example: 'registry' })
  service!: string;

  @ApiProperty({ description: 'Whether the service answered over NATS in time', enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Version of the running build, when up', example: '0.1.0' })
  version?: string;

  @ApiPropertyOptional({ description: 'Newest applied migration of its schema, when up', example: 'Init1732300000000' })
  latestMigration?: string;

  @ApiPropertyOptional({ description: 'Why it is down', type: ErrorDto })
  error?: ErrorDto;
}

/** The platform as a whole: GET /api/v1/system/info. */
export class SystemInfoDto {
  @ApiProperty({ description: 'Version of the gateway', example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Every NATS service and whether it answered', type: [ServiceStatusDto] })
  services!: ServiceStatusDto[];
}
