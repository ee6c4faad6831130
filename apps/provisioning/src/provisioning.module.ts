import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@flotilla/common';
import { SYSTEM_INFO_SUBJECTS } from '@flotilla/contracts';
import type { ProvisioningConfig } from './provisioning.config';
import { PROVISIONING_ENTITIES, PROVISIONING_MIGRATIONS } from './migrations';

/** Root of the provisioning service: owns workloads (kind, spec, placement, status) and the operations log. */
@Module({})
export class ProvisioningModule {
  static register(config: ProvisioningConfig): DynamicModule {
    return {
      module: ProvisioningModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'provisioning',
          systemInfoSubject: SYSTEM_INFO_SUBJECTS.provisioning,
          config,
          entities: PROVISIONING_ENTITIES,
          migrations: PROVISIONING_MIGRATIONS,
        }),
      ],
    };
  }
}
