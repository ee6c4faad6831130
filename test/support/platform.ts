// Starts Flotilla's apps inside the test process, wired to the run's private NATS and database,
// so e2e tests drive the real gateway over HTTP and can stop a service to see what users see.
import type { INestApplication } from '@nestjs/common';
import { inject } from 'vitest';
import { bootstrapService, loadConfig, type ServiceConfig } from '@flotilla/common';
import type { ServiceName } from '@flotilla/contracts';
import { AuthConfig } from '../../apps/auth/src/auth.config';
import { AuthModule } from '../../apps/auth/src/auth.module';
import { CostConfig } from '../../apps/cost/src/cost.config';
import { CostModule } from '../../apps/cost/src/cost.module';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { ProvisioningConfig } from '../../apps/provisioning/src/provisioning.config';
import { ProvisioningModule } from '../../apps/provisioning/src/provisioning.module';
import { RegistryConfig } from '../../apps/registry/src/registry.config';
import { RegistryModule } from '../../apps/registry/src/registry.module';
import { SyncConfig } from '../../apps/sync/src/sync.config';
import { SyncModule } from '../../apps/sync/src/sync.module';

type Registrable = { register(config: never): ReturnType<typeof AuthModule.register> };

const SERVICES: Record<ServiceName, { config: new () => ServiceConfig; module: Registrable }> = {
  auth: { config: AuthConfig, module: AuthModule },
  registry: { config: RegistryConfig, module: RegistryModule },
  provisioning: { config: ProvisioningConfig, module: ProvisioningModule },
  sync: { config: SyncConfig, module: SyncModule },
  cost: { config: CostConfig, module: CostModule },
};

/** Environment every app of the test run shares. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { NATS_URL: inject('natsUrl'), DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn', ...extra };
}

/** A NATS service running in this process. */
export interface RunningService {
  name: ServiceName;
  app: INestApplication;
  healthUrl: string;
}

export async function startService(name: ServiceName, env: Record<string, string> = {}): Promise<RunningService> {
  const { config: Config, module } = SERVICES[name];
  const config = loadConfig(Config, testEnv({ HEALTH_PORT: '0', ...env }));
  const { app, healthUrl } = await bootstrapService(module.register(config as never), name, config, { handleSignals: false });
  return { name, app, healthUrl };
}

/** The gateway, listening on a free port. */
export interface RunningGateway {
  app: INestApplication;
  url: string;
}

export async function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  const config = loadConfig(GatewayConfig, testEnv({ PORT: '0', ...env }));
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}
