import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NatsHealthIndicator } from '@flotilla/common';
import { SystemModule } from '../system/system.module';
import { HealthController } from './health.controller';
import { GATEWAY_HEALTH_OPTIONS, type GatewayHealthOptions } from './health.options';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessChecks } from './readiness.checks';
import { ServiceReachabilityIndicator } from './service-reachability.health';

/** /health, /health/live, /health/ready of the gateway. */
@Module({})
export class HealthModule {
  static register(options: GatewayHealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), SystemModule],
      controllers: [HealthController],
      providers: [
        { provide: GATEWAY_HEALTH_OPTIONS, useValue: options },
        NatsHealthIndicator,
        PostgresHealthIndicator,
        ServiceReachabilityIndicator,
        ReadinessChecks,
      ],
    };
  }
}
