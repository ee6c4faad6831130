import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { createLoggerModule, createMetricsModule, NatsClientModule } from '@flotilla/common';
import type { GatewayConfig } from './gateway.config';
import { HealthModule } from './health/health.module';
import { AuditModule } from './audit/audit.module';
import { ClustersModule } from './clusters/clusters.module';
import { IdentityModule } from './identity/identity.module';
import { QuotaModule } from './quota/quota.module';
import { SystemModule } from './system/system.module';

/** Root of the gateway: REST under /api/v1, forwarded to the services over NATS. */
@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        createLoggerModule('gateway', config.LOG_LEVEL),
        NatsClientModule.register({ url: config.NATS_URL, name: 'flotilla-gateway', requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }] }),
        createMetricsModule('gateway'),
        HealthModule.register({ databaseUrl: config.DATABASE_URL, serviceTimeoutMs: config.HEALTH_SERVICE_TIMEOUT_MS }),
        SystemModule,
        IdentityModule.register({
          authCacheTtlMs: config.AUTH_CACHE_TTL_MS,
          loginFailuresPerUser: config.LOGIN_FAILURES_PER_USER_PER_MINUTE,
          loginFailuresPerAddress: config.LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE,
        }),
        QuotaModule,
        ClustersModule.register({ clusterRequestTimeoutMs: config.CLUSTER_REQUEST_TIMEOUT_MS }),
        AuditModule,
      ],
      // Global guards run in module order: this rate limiter first, then IdentityModule's authentication
      // guard, so floods of bad credentials are cut off per client before they cost an auth round trip.
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
