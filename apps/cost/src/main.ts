import { bootstrapService, loadConfig, runMain } from '@flotilla/common';
import { CostConfig } from './cost.config';
import { CostModule } from './cost.module';

runMain(async () => {
  const config = loadConfig(CostConfig);
  await bootstrapService(CostModule.register(config), 'cost', config);
});
