// Properties carry explicit types: implicit conversion of env strings reads the emitted design:type.
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { IsPort, Sensitive } from './config.loader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every app on NATS and Postgres reads, the gateway included. */
export class PlatformConfig {
  @Matches(/^(nats|tls|ws|wss):\/\/\S+$/, { message: 'NATS_URL must be a nats:// URL (comma-separate several servers)' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @Sensitive()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/flotilla';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Every NATS request gives up after this long, so a service that is down never hangs a caller. */
  @IsInt()
  @Min(50)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS: number = 5000;

  /** How long shutdown waits for in-flight messages before closing anyway. */
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;
}

/**
 * Settings of a NATS service: the platform's plus its small health/metrics HTTP port. Each service
 * extends this class and gives HEALTH_PORT its own default.
 */
export class ServiceConfig extends PlatformConfig {
  @IsString()
  HEALTH_HOST: string = '127.0.0.1';

  @IsPort()
  HEALTH_PORT: number = 0;
}
