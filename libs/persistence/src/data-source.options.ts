import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ensureSchema } from './database-setup';
import type { ServicePersistenceOptions } from './persistence.module';

/**
 * Data source options shared by every service. `search_path` is pinned to the service's schema so
 * that migrations' plain SQL and raw queries land there, not in `public`.
 */
export async function serviceDataSourceOptions(options: ServicePersistenceOptions): Promise<PostgresConnectionOptions> {
  await ensureSchema(options.url, options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    extra: { options: `-c search_path=${options.schema}`, max: 10, connectionTimeoutMillis: 5000 },
  };
}
