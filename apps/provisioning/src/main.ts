import { bootstrapService, loadConfig, runMain } from '@flotilla/common';
import { ProvisioningConfig } from './provisioning.config';
import { ProvisioningModule } from './provisioning.module';

runMain(async () => {
  const config = loadConfig(ProvisioningConfig);
  await bootstrapService(ProvisioningModule.register(config), 'provisioning', config);
});
