import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@flotilla/common';
import { SYSTEM_INFO_SUBJECTS } from '@flotilla/contracts';
import type { CostConfig } from './cost.config';
import { COST_ENTITIES, COST_MIGRATIONS } from './migrations';

/** Root of the cost service: owns rate cards, hourly cost records, rollups and budgets. */
@Module({})
export class CostModule {
  static register(config: CostConfig): DynamicModule {
    return {
      module: CostModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'cost',
          systemInfoSubject: SYSTEM_INFO_SUBJECTS.cost,
          config,
          entities: COST_ENTITIES,
          migrations: COST_MIGRATIONS,
        }),
      ],
    };
  }
}
