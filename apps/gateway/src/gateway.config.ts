import { IsInt, IsString, Max, Min } from 'class-validator';
import { IsPort, PlatformConfig } from '@flotilla/common';

/** Configuration of the REST/OpenAPI gateway. */
export class GatewayConfig extends PlatformConfig {
  @IsString()
  HOST: string = '127.0.0.1';

  @IsPort()
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

  /** Failed logins per username per minute before 429 (also with the right password). */
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_PER_USER_PER_MINUTE: number = 5;

  /** Failed logins per client address per minute before 429 (addresses may be shared: keep it above the per-user one). */
  @IsInt()
  @Min(1)
  LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: number = 20;

  /** How long a positive authentication is reused, in ms; at most 1000 so revocation holds within a second. */
  @IsInt()
  @Min(0)
  @Max(1000)
  AUTH_CACHE_TTL_MS: number = 1000;

  /**
   * How long routes that reach a cluster (register, test, detect, capacity, fit, credentials) wait
   * for the registry; keep it above twice the registry's REGISTRY_CONNECT_TIMEOUT_MS.
   */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  CLUSTER_REQUEST_TIMEOUT_MS: number = 30_000;

  /** Time given to each service to answer a health probe. */
  @IsInt()
  @Min(50)
  HEALTH_SERVICE_TIMEOUT_MS: number = 1500;
}
