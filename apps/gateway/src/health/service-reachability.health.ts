import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { ServiceName } from '@flotilla/contracts';
import { SystemService } from '../system/system.service';
import { GATEWAY_HEALTH_OPTIONS, type GatewayHealthOptions } from './health.options';

/** A service is reachable when it answers `system.info` over NATS within the health timeout. */
@Injectable()
export class ServiceReachabilityIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly system: SystemService,
    @Inject(GATEWAY_HEALTH_OPTIONS) private readonly options: GatewayHealthOptions,
  ) {}

  async check(name: ServiceName): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(name);
    try {
      const info = await this.system.service(name, this.options.serviceTimeoutMs);
      return session.up({ version: info.version });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
