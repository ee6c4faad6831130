import { bootstrapService, loadConfig, runMain } from '@flotilla/common';
import { RegistryConfig } from './registry.config';
import { RegistryModule } from './registry.module';

runMain(async () => {
  const config = loadConfig(RegistryConfig);
  await bootstrapService(RegistryModule.register(config), 'registry', config);
});
