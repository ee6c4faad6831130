import { Module, type DynamicModule } from '@nestjs/common';
import { serviceRootModule } from '@flotilla/common';
import type { CostConfig } from './cost.config';
import { COST_ENTITIES, COST_MIGRATIONS } from './migrations';

/** Root of the cost service: owns rate cards, hourly cost records, rollups and budgets. */
@Module({})
export class CostModule {
  static register(config: CostConfig): DynamicModule {
    return serviceRootModule(CostModule, 'cost', config, { entities: COST_ENTITIES, migrations: COST_MIGRATIONS });
  }
}
