import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Opens a service's data source and brings its schema up to date. Migrations run under a Postgres
 * advisory lock per schema, so replicas starting together on an empty database take turns instead
 * of racing on TypeORM's migrations table (the second finds nothing left to do).
 */
export async function openMigratedDataSource(options: DataSourceOptions & { schema?: string }): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  try {
    await runMigrationsLocked(dataSource, options.schema ?? 'public');
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** Runs pending migrations while holding the schema's advisory lock. */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  const key = `flotilla-migrations:${schema}`;
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await lock.release();
  }
}
