import { Controller, Get, Inject } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { NatsConnection } from 'nats';
import { SERVICE_NAMES, type ServiceName } from '@flotilla/contracts';
import { NATS_CLIENT, NatsHealthIndicator } from '@flotilla/common';
import { SystemService } from '../system/system.service';
import { PostgresHealthIndicator } from './postgres.health';
import { GATEWAY_HEALTH_OPTIONS, type GatewayHealthOptions } from './health.options';

/** Gateway health: its own liveness, and readiness of everything behind it. */
@ApiExcludeController()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly system: SystemService,
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    @Inject(GATEWAY_HEALTH_OPTIONS) private readonly options: GatewayHealthOptions,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready when NATS and Postgres answer and every service replies over NATS. */
  @Get(['', 'ready'])
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.nats.check('nats', this.connection()),
      () => this.postgres.check('database'),
      ...SERVICE_NAMES.map((name) => this.serviceCheck(name)),
    ]);
  }

  private serviceCheck(name: ServiceName): HealthIndicatorFunction {
    return async () => {
      const session = this.indicators.check(name);
      try {
        const info = await this.system.service(name, this.options.serviceTimeoutMs);
        return session.up({ version: info.version });
      } catch (error) {
        return session.down({ message: (error as Error).message });
      }
    };
  }

  private connection(): NatsConnection | undefined {
    try {
      return this.client.unwrap<NatsConnection>();
    } catch {
      return undefined;
    }
  }
}
