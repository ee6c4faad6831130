import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import type { ProvisioningConfig } from './provisioning.config';
import { PROVISIONING_ENTITIES, PROVISIONING_MIGRATIONS } from './migrations';

/** Root of the provisioning service: owns workloads (kind, spec, placement, status) and the operations log. */
@Module({})
export class ProvisioningModule {
  static register(config: ProvisioningConfig): DynamicModule {
    return serviceRootModule(ProvisioningModule, 'provisioning', config, { entities: PROVISIONING_ENTITIES, migrations: PROVISIONING_MIGRATIONS });
  }
}
