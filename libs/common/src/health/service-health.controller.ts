import { Controller, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { NATS_CONNECTION } from '../nats/nats-connection.provider';
import { NatsHealthIndicator } from './nats.health';
import { ProbeController } from './probe.controller';

/** Liveness and readiness of one NATS service, on its own small HTTP port: ready when Postgres and NATS answer. */
@ApiExcludeController()
@Controller('health')
export class ServiceHealthController extends ProbeController {
  constructor(
    health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly nats: NatsHealthIndicator,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return [() => this.database.pingCheck('database', { timeout: 1000 }), () => this.nats.check('nats', this.connection)];
  }
}
