import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { NATS_CONNECTION } from '../nats/nats-connection.provider';
import { NatsHealthIndicator } from './nats.health';

/** Liveness and readiness of one NATS service, on its own small HTTP port. */
@ApiExcludeController()
@Controller('health')
export class ServiceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly nats: NatsHealthIndicator,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  /** The process is up and its event loop turns: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready to take messages: Postgres and NATS both answer. */
  @Get(['', 'ready'])
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 1000 }),
      () => this.nats.check('nats', this.connection),
    ]);
  }
}
