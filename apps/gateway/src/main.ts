import { loadConfig, runMain } from '@flotilla/common';
import { Logger } from 'nestjs-pino';
import { GatewayConfig } from './gateway.config';
import { createGatewayApp } from './gateway.app';

runMain(async () => {
  const config = loadConfig(GatewayConfig);
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`gateway listening on http://${config.HOST}:${config.PORT} (Swagger UI at /docs)`);
});
