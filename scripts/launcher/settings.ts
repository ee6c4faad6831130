// Everything `npm start` reads from the environment, with the defaults of a developer machine.
// One PORT moves the whole platform: the services' health ports follow the gateway's.
import { isAbsolute, join, resolve } from 'node:path';
import { LaunchError } from './launch-error';

/** The launcher's view of the environment. */
export interface LaunchSettings {
  /** The repository: dist/ lives here. */
  root: string;
  /** Where embedded Postgres, nats-server and kube-sim keep their data (FLOTILLA_DATA_DIR, default .flotilla). */
  dataDir: string;
  natsUrl: string;
  databaseUrl: string;
  logLevel: string;
  gatewayHost: string;
  gatewayPort: number;
  healthHost: string;
  kubeSimHost: string;
  kubeSimPort: number;
  kubeSimDataDir: string;
  /** Where the registry's key-encryption keys are kept: <data dir>/registry.keys. */
  registryKeysFile: string;
  /**
   * Kubeconfig the registry registers as the shared platform cluster `default` (FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG;
   * default: kube-sim's default cluster, unless KUBE_SIM_DEFAULT_CLUSTER is off or the variable is set empty).
   */
  defaultClusterKubeconfig: string | undefined;
  /** FLOTILLA_QUIET=1: child output only for errors. */
  quiet: boolean;
  /** How long every app gets to report healthy. */
  startTimeoutMs: number;
  /** How long a child gets after SIGTERM before SIGKILL. */
  stopGraceMs: number;
}

/** Number of NATS services whose health ports follow the gateway port. */
export const SERVICE_PORT_COUNT = 5;

function port(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new LaunchError(`${name}=${raw} is not a port number between 1 and ${max}.`);
  return value;
}

function duration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new LaunchError(`${name}=${env[name]} is not a positive number of milliseconds.`);
  return value;
}

function defaultClusterKubeconfig(env: NodeJS.ProcessEnv, kubeSimDataDir: string): string | undefined {
  const configured = env.FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG;
  if (configured !== undefined) return configured === '' ? undefined : pathFrom(process.cwd(), configured, configured);
  const simCreatesIt = !['false', '0'].includes((env.KUBE_SIM_DEFAULT_CLUSTER ?? '').toLowerCase());
  return simCreatesIt ? join(kubeSimDataDir, 'kubeconfigs', 'default.yaml') : undefined;
}

function pathFrom(root: string, value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  return isAbsolute(value) ? value : resolve(root, value);
}

/** Reads and checks the launcher's environment; `root` is the repository the apps are built in. */
export function readSettings(root: string, env: NodeJS.ProcessEnv = process.env): LaunchSettings {
  const dataDir = pathFrom(process.cwd(), env.FLOTILLA_DATA_DIR, join(root, '.flotilla'));
  const kubeSimDataDir = pathFrom(process.cwd(), env.KUBE_SIM_DATA_DIR, join(dataDir, 'kube-sim'));
  return {
    root,
    dataDir,
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/flotilla',
    logLevel: env.LOG_LEVEL || 'info',
    gatewayHost: env.HOST || '127.0.0.1',
    gatewayPort: port(env, 'PORT', 8080, 65535 - SERVICE_PORT_COUNT),
    healthHost: env.HEALTH_HOST || '127.0.0.1',
    kubeSimHost: env.KUBE_SIM_HOST || '127.0.0.1',
    kubeSimPort: port(env, 'KUBE_SIM_PORT', 6443),
    kubeSimDataDir,
    registryKeysFile: join(dataDir, 'registry.keys'),
    defaultClusterKubeconfig: defaultClusterKubeconfig(env, kubeSimDataDir),
    quiet: ['1', 'true', 'yes'].includes((env.FLOTILLA_QUIET ?? '').toLowerCase()),
    startTimeoutMs: duration(env, 'FLOTILLA_START_TIMEOUT_MS', 90_000),
    stopGraceMs: duration(env, 'FLOTILLA_STOP_GRACE_MS', 15_000),
  };
}

/** A postgres:// URL with its password hidden, fit for a banner. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
