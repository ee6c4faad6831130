// Starts Flotilla's apps inside the test process, wired to the run's private NATS and database,
// so e2e tests drive the real gateway over HTTP and can stop a service to see what users see.
// Nx forbids importing applications anywhere; this harness is the one deliberate exception: it
// boots apps in-process so a test can stop and start them. Apps themselves never import apps.
/* eslint-disable @nx/enforce-module-boundaries */
import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { bootstrapService, loadConfig, type ServiceConfig } from '@flotilla/common';
import type { ServiceName } from '@flotilla/contracts';
import { AuthConfig, AuthModule } from '@flotilla/app-auth';
import { CostConfig, CostModule } from '@flotilla/app-cost';
import { createGatewayApp, GatewayConfig } from '@flotilla/app-gateway';
import { ProvisioningConfig, ProvisioningModule } from '@flotilla/app-provisioning';
import { RegistryConfig, RegistryModule } from '@flotilla/app-registry';
import { SyncConfig, SyncModule } from '@flotilla/app-sync';

type Registrable = { register(config: never): ReturnType<typeof AuthModule.register> };

const SERVICES: Record<ServiceName, { config: new () => ServiceConfig; module: Registrable }> = {
  auth: { config: AuthConfig, module: AuthModule },
  registry: { config: RegistryConfig, module: RegistryModule },
  provisioning: { config: ProvisioningConfig, module: ProvisioningModule },
  sync: { config: SyncConfig, module: SyncModule },
  cost: { config: CostConfig, module: CostModule },
};

/**
 * The platform admin's API token of this test run: auth takes it as FLOTILLA_BOOTSTRAP_TOKEN on its
 * first start. Derived from the run's throw-away database, so every test file of a run agrees on it
 * whichever file starts auth first, and no run reuses another's.
 */
export function bootstrapToken(): string {
  const digest = createHash('sha256').update(`flotilla-test-bootstrap:${inject('databaseUrl')}`).digest('base64url');
  return `flt_${digest.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
}

/** Ids of the registry's two credential keys in tests; the last one is active unless a suite says otherwise. */
export const REGISTRY_KEY_IDS = ['test', 'test-2'] as const;

/**
 * The registry's credential keys of this test run (FLOTILLA_REGISTRY_KEYS), derived from the run's
 * throw-away database like {@link bootstrapToken}, so every file that starts the registry agrees on
 * them. Two, so that a suite can store under one and rotate to the other while every registry of the
 * run still reads everything.
 */
export function registryKeys(): string {
  return REGISTRY_KEY_IDS.map((id) => {
    const label = id === 'test' ? 'flotilla-test-registry-key' : `flotilla-test-registry-key:${id}`;
    return `${id}:${createHash('sha256').update(`${label}:${inject('databaseUrl')}`).digest('base64')}`;
  }).join(',');
}

/** Environment every app of the test run shares. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NATS_URL: inject('natsUrl'),
    DATABASE_URL: inject('databaseUrl'),
    LOG_LEVEL: 'warn',
    FLOTILLA_BOOTSTRAP_TOKEN: bootstrapToken(),
    FLOTILLA_REGISTRY_KEYS: registryKeys(),
    ...extra,
  };
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
