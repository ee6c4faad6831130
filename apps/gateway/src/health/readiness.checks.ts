import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { SERVICE_NAMES } from '@flotilla/contracts';
import { NATS_CONNECTION, NatsHealthIndicator } from '@flotilla/common';
import { PostgresHealthIndicator } from './postgres.health';
import { ServiceReachabilityIndicator } from './service-reachability.health';

/** What the gateway must reach to be ready: NATS, Postgres and every service. */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly nats: NatsHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly services: ServiceReachabilityIndicator,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  all(): HealthIndicatorFunction[] {
    return [
      () => this.nats.check('nats', this.connection),
      () => this.postgres.check('database'),
      ...SERVICE_NAMES.map((name) => () => this.services.check(name)),
    ];
  }
}
