import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, EntitySchema } from 'typeorm';
import { serviceDataSourceOptions } from './data-source.options';
import { openMigratedDataSource } from './migrations.runner';

/** What one service's persistence needs: its schema and what lives in it. */
export interface ServicePersistenceOptions {
  url: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Array<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Array<Function | string>;
}

/**
 * TypeORM for one service: its own schema (created on first start), its migrations run at boot (one
 * replica at a time), never `synchronize`.
 */
export const PersistenceModule = {
  forService(options: ServicePersistenceOptions): DynamicModule {
    return TypeOrmModule.forRootAsync({
      useFactory: () => serviceDataSourceOptions(options),
      // migrations under an advisory lock, so replicas starting together do not race
      dataSourceFactory: (dataSourceOptions) => openMigratedDataSource({ ...dataSourceOptions!, schema: options.schema }),
    });
  },
};

/** Name of the newest migration applied to the data source's schema, if any. */
export async function latestMigration(dataSource: DataSource): Promise<string | undefined> {
  const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
  return rows[0]?.name;
}
