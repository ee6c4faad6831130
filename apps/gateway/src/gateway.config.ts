import { IsInt, IsString, Max, Min } from 'class-validator';
import { PlatformConfig } from '@flotilla/common';

/** Configuration of the REST/OpenAPI gateway. */
export class GatewayConfig extends PlatformConfig {
  @IsString()
  HOST: string = '127.0.0.1';

  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 8080;

  /** Requests per client per minute before 429. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** Largest request body accepted; beyond it 413. */
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** Time given to each service to answer a health probe. */
  @IsInt()
  @Min(50)
  HEALTH_SERVICE_TIMEOUT_MS: number = 1500;
}
