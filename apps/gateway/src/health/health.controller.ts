import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { ProbeController, Public } from '@flotilla/common';
import { ReadinessChecks } from './readiness.checks';

/** Gateway health: its own liveness, and readiness of NATS, Postgres and every service behind it. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController extends ProbeController {
  constructor(
    health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return this.readiness.all();
  }
}
