import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import type { SyncConfig } from './sync.config';
import { SYNC_ENTITIES, SYNC_MIGRATIONS } from './migrations';

/** Root of the sync service: owns the inventory mirror of every cluster, cluster health and usage samples. */
@Module({})
export class SyncModule {
  static register(config: SyncConfig): DynamicModule {
    return serviceRootModule(SyncModule, 'sync', config, { entities: SYNC_ENTITIES, migrations: SYNC_MIGRATIONS });
  }
}
