import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Pool } from 'pg';
import { GATEWAY_HEALTH_OPTIONS, type GatewayHealthOptions } from './health.options';

/**
 * The gateway owns no schema, but it reports whether Postgres answers so that one /health tells an
 * operator what is wrong. One small pool, one `SELECT 1`.
 */
@Injectable()
export class PostgresHealthIndicator implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(GATEWAY_HEALTH_OPTIONS) options: GatewayHealthOptions,
  ) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 1, connectionTimeoutMillis: 1000, idleTimeoutMillis: 10_000 });
    this.pool.on('error', () => undefined); // a dropped idle connection must not crash the gateway
  }

  async check(key: string): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await this.pool.query({ text: 'SELECT 1', query_timeout: 1000 } as never);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
