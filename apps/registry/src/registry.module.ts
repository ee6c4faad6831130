import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import { ClustersModule } from './clusters/clusters.module';
import { CredentialsModule } from './credentials/credentials.module';
import type { RegistryConfig } from './registry.config';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './migrations';

/** Root of the registry service: owns clusters, their encrypted credentials, detected provider and version, and the capacity ledger. */
@Module({})
export class RegistryModule {
  static register(config: RegistryConfig): DynamicModule {
    return serviceRootModule(RegistryModule, 'registry', config, {
      entities: REGISTRY_ENTITIES,
      migrations: REGISTRY_MIGRATIONS,
      contexts: [CredentialsModule, ClustersModule],
    });
  }
}
