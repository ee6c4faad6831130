// The platform's process layout: kube-sim, the five NATS services, the gateway; what each is started
// with and where it says it is ready.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@flotilla/contracts';
import { LaunchError } from './launch-error';
import { isListening, reachableHost } from './net';
import type { RegistryKeys } from './registry-keys';
import type { LaunchSettings } from './settings';

/** One app of the platform, ready to be spawned. */
export interface AppSpec {
  name: string;
  /** Absolute path of its compiled entry point. */
  entry: string;
  /** Variables set on top of the launcher's own environment. */
  env: Record<string, string>;
  /** Health endpoints; ready when any answers 200 (kube-sim speaks HTTPS with its own CA). */
  healthUrls: string[];
  /** Where a user reaches it, for the banner. */
  address: string;
  /** The host and port it listens on. */
  listen: { host: string; port: number };
}

function entryOf(settings: LaunchSettings, name: string): string {
  return join(settings.root, 'dist', 'apps', name, 'src', 'main.js');
}

function kubeSim(settings: LaunchSettings): AppSpec {
  const hostPort = `${reachableHost(settings.kubeSimHost)}:${settings.kubeSimPort}`;
  return {
    name: 'kube-sim',
    entry: entryOf(settings, 'kube-sim'),
    env: { KUBE_SIM_PORT: String(settings.kubeSimPort), KUBE_SIM_HOST: settings.kubeSimHost, KUBE_SIM_DATA_DIR: settings.kubeSimDataDir },
    healthUrls: [`https://${hostPort}/readyz`, `http://${hostPort}/readyz`],
    address: hostPort,
    listen: { host: settings.kubeSimHost, port: settings.kubeSimPort },
  };
}

/** What only the registry gets: its credential keys and the cluster it registers as `default`. */
function registryEnv(settings: LaunchSettings, keys: RegistryKeys): Record<string, string> {
  const env: Record<string, string> = { FLOTILLA_REGISTRY_KEYS: keys.keys, FLOTILLA_REGISTRY_ACTIVE_KEY: keys.activeKey };
  if (settings.defaultClusterKubeconfig) env.FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG = settings.defaultClusterKubeconfig;
  return env;
}

function service(settings: LaunchSettings, name: string, index: number, keys: RegistryKeys): AppSpec {
  const healthPort = settings.gatewayPort + 1 + index;
  const address = `http://${reachableHost(settings.healthHost)}:${healthPort}`;
  return {
    name,
    entry: entryOf(settings, name),
    env: { HEALTH_PORT: String(healthPort), ...(name === 'registry' ? registryEnv(settings, keys) : {}) },
    healthUrls: [`${address}/health`],
    address,
    listen: { host: settings.healthHost, port: healthPort },
  };
}

function gateway(settings: LaunchSettings): AppSpec {
  const address = `http://${reachableHost(settings.gatewayHost)}:${settings.gatewayPort}`;
  return {
    name: 'gateway',
    entry: entryOf(settings, 'gateway'),
    env: { PORT: String(settings.gatewayPort), HOST: settings.gatewayHost },
    healthUrls: [`${address}/health`],
    address,
    listen: { host: settings.gatewayHost, port: settings.gatewayPort },
  };
}

/**
 * Every app in start order. Health ports of the services are the gateway port + 1..5 in the order
 * auth, registry, provisioning, sync, cost, so that one PORT variable moves the whole platform.
 */
export function platformApps(settings: LaunchSettings, registryKeys: RegistryKeys): AppSpec[] {
  return [kubeSim(settings), ...SERVICE_NAMES.map((name, index) => service(settings, name, index, registryKeys)), gateway(settings)];
}

/** Apps the others need running first: kube-sim, whose default cluster the registry registers at start. */
export const FIRST_WAVE: ReadonlySet<string> = new Set(['kube-sim']);

/** The environment one app is started with: the launcher's, the shared settings, then its own. */
export function appEnvironment(settings: LaunchSettings, app: AppSpec, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, NATS_URL: settings.natsUrl, DATABASE_URL: settings.databaseUrl, LOG_LEVEL: settings.logLevel };
  // PORT and HEALTH_PORT mean one app's port: never leak the gateway's to a service or the reverse
  delete env.PORT;
  delete env.HEALTH_PORT;
  // the registry's key material goes to the registry only
  delete env.FLOTILLA_REGISTRY_KEYS;
  delete env.FLOTILLA_REGISTRY_ACTIVE_KEY;
  return { ...env, ...app.env };
}

/** Throws when a port an app needs is taken already (most often: Flotilla is running already). */
export async function assertPortsFree(apps: readonly AppSpec[]): Promise<void> {
  const taken = await Promise.all(apps.map((app) => isListening(app.listen.host, app.listen.port, 500)));
  const busy = apps.filter((_, index) => taken[index]).map((app) => `${app.listen.port} (${app.name})`);
  if (busy.length > 0) {
    throw new LaunchError(
      `Port${busy.length > 1 ? 's' : ''} already in use: ${busy.join(', ')}. Is Flotilla running already?
` +
        'Stop it, or move the platform: PORT=9080 npm start puts the gateway on 9080 and the services on 9081-9085 (KUBE_SIM_PORT moves kube-sim).',
    );
  }
}

/** Throws when an app has not been built (npm start builds first; node dist/scripts/start.js does not). */
export function assertBuilt(apps: readonly AppSpec[]): void {
  const missing = apps.filter((app) => !existsSync(app.entry));
  if (missing.length > 0) {
    throw new LaunchError(`Not built: ${missing.map((app) => app.entry).join(', ')}\nRun npm run build (npm start does it for you).`);
  }
}
