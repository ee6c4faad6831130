import { bootstrapService, loadConfig, runMain } from '@flotilla/common';
import { AuthConfig } from './auth.config';
import { AuthModule } from './auth.module';

runMain(async () => {
  const config = loadConfig(AuthConfig);
  await bootstrapService(AuthModule.register(config), 'auth', config);
});
