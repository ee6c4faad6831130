import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SERVICE_NAMES, type ServiceName } from '../messaging/services';

/** Body of POST /api/v1/system/ping: check that one service answers over NATS, and how fast. */
export class PingRequestDto {
  @ApiProperty({ description: 'Service to ping', enum: SERVICE_NAMES, example: 'registry' })
  @IsIn(SERVICE_NAMES)
  service!: ServiceName;

  @ApiPropertyOptional({ description: 'Give up after this many milliseconds (default: the gateway timeout)', example: 1000, minimum: 50, maximum: 30000 })
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(30_000)
  timeoutMs?: number;
}

/** Answer of POST /api/v1/system/ping. */
export class PingResultDto {
  @ApiProperty({ description: 'Service that answered', example: 'registry' })
  service!: string;

  @ApiProperty({ description: 'Its version', example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Round trip gateway → NATS → service (with its Postgres read) → gateway, in ms', example: 3 })
  roundTripMs!: number;
}
