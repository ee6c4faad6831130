import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ReadinessChecks } from './readiness.checks';

/** Gateway health: its own liveness, and readiness of everything behind it. */
@ApiExcludeController()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
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
    return this.health.check(this.readiness.all());
  }
}
