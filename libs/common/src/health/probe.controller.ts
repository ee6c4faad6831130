import { Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * The probe routes every Flotilla app serves, under the subclass's `@Controller('health')`:
 * `live` (the process turns; restart only when this fails) and `ready` (also bare `/health`: every
 * dependency answers). Subclasses say what readiness means for them.
 */
export abstract class ProbeController {
  protected constructor(private readonly health: HealthCheckService) {}

  protected abstract readinessChecks(): HealthIndicatorFunction[];

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get(['', 'ready'])
  @HealthCheck()
  ready() {
    return this.health.check(this.readinessChecks());
  }
}
