// What every cluster e2e suite runs: auth, the registry and the gateway in-process, a kube-sim of its
// own, a platform admin client, and a watch for credentials in answers and log output.
import { bootstrapToken, startGateway, startService, type RunningGateway, type RunningService } from './platform';
import { SecretWatch } from './secret-watch';
import { startSimClusters, type FlavourName, type NodeSpec, type SimClusterHandle, type SimClusters } from './sim-clusters';
import { ApiClient, uniqueName, type ApiResponse } from './tenants';

/** A running platform for cluster suites. */
export interface ClusterPlatform {
  auth: RunningService;
  registry: RunningService;
  gateway: RunningGateway;
  kube: SimClusters;
  /** The platform admin, observed by `secrets`. */
  admin: ApiClient;
  secrets: SecretWatch;
  /** Stops the registry and starts it again with `env` on top of the suite's (e.g. another active key). */
  restartRegistry(env?: Record<string, string>): Promise<void>;
  /** Creates a kube-sim cluster and adds its token and kubeconfig to the secrets watched for. */
  simCluster(flavour: FlavourName, nodes?: NodeSpec[]): Promise<SimClusterHandle>;
  stop(): Promise<void>;
}

/** Options of {@link startClusterPlatform}. */
export interface ClusterPlatformOptions {
  /** Extra registry settings (e.g. REGISTRY_CONNECT_TIMEOUT_MS). */
  registryEnv?: Record<string, string>;
  /** Log level of the registry and gateway: debug logs every message, the hardest test for secrets. */
  logLevel?: string;
}

/** Starts the platform, capturing log output from the first line on. */
export async function startClusterPlatform(options: ClusterPlatformOptions = {}): Promise<ClusterPlatform> {
  const secrets = new SecretWatch();
  secrets.start();
  const logLevel = options.logLevel ?? 'debug';
  const kube = await startSimClusters();
  const auth = await startService('auth');
  const registryEnv = { LOG_LEVEL: logLevel, ...options.registryEnv };
  const registry = await startService('registry', registryEnv);
  const gateway = await startGateway({ RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: logLevel });
  const admin = new ApiClient(gateway.url, bootstrapToken(), secrets.observer);
  const platform: ClusterPlatform = {
    auth,
    registry,
    gateway,
    kube,
    admin,
    secrets,
    async restartRegistry(env = {}) {
      await this.registry.app.close();
      this.registry = await startService('registry', { ...registryEnv, ...env });
    },
    async simCluster(flavour, nodes) {
      const cluster = await kube.create(flavour, nodes);
      secrets.watchFor(`token of ${cluster.name}`, cluster.token);
      secrets.watchFor(`kubeconfig of ${cluster.name}`, cluster.kubeconfig);
      // kind and k3s kubeconfigs authenticate by client certificate: their key is the secret (base64 is watched too)
      const clientKey = /client-key-data: (\S+)/.exec(cluster.kubeconfig)?.[1];
      if (clientKey) secrets.watchFor(`client key of ${cluster.name}`, clientKey, ...Buffer.from(clientKey, 'base64').toString().split('\n').slice(2, -2));
      return cluster;
    },
    async stop() {
      await gateway?.app.close();
      await this.registry?.app.close();
      await auth?.app.close();
      await kube?.close();
      secrets.stop();
    },
  };
  return platform;
}

/** The body registering `cluster` by kubeconfig upload under `name`. */
export function kubeconfigRegistration(cluster: SimClusterHandle, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: uniqueName('c'), credentials: { type: 'kubeconfig', kubeconfig: cluster.kubeconfig }, ...extra };
}

/** The body registering `cluster` by server URL, bearer token and CA bundle. */
export function tokenRegistration(cluster: SimClusterHandle, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: uniqueName('t'), credentials: { type: 'token', server: cluster.server, token: cluster.token, caBundle: cluster.caPem }, ...extra };
}

/** Throws with the answer when its status is not `status` (fixture calls that must succeed). */
export function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${response.status} ${response.text.slice(0, 2000)}`);
  return response;
}
