import { bootstrapService, loadConfig, runMain } from '@flotilla/common';
import { SyncConfig } from './sync.config';
import { SyncModule } from './sync.module';

runMain(async () => {
  const config = loadConfig(SyncConfig);
  await bootstrapService(SyncModule.register(config), 'sync', config);
});
