// The simulator process: PKI, the HTTPS server, the cluster registry, the control API, and the
// default cluster. main.ts runs it; the e2e suite starts it in-process.
import { createServer, type Server } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { ControlApi } from './control/control.api';
import { DEFAULT_NODE_CAPACITY } from './flavours/node.factory';
import type { KubeSimConfig } from './kube-sim.config';
import { ClientCertificateVerifier } from './pki/client-certificates';
import { ensurePki, type SimPki } from './pki/pki.service';
import type { ClusterApiFactory } from './server/cluster-api';
import { clusterApiFactoryFor } from './server/cluster-api.factory';
import { ClusterRegistry, type SimCluster } from './server/cluster.registry';
import { KubeSimRouter } from './server/kube-sim.router';
import { adminToken } from './server/secret.store';

/** Name of the cluster created at start. */
export const DEFAULT_CLUSTER = 'default';

/** A running simulator. */
export interface KubeSim {
  server: Server;
  /** https://<advertise-host>:<port> */
  url: string;
  registry: ClusterRegistry;
  pki: SimPki;
  /** Token of the /_sim/ control API (sensitive). */
  adminToken: string;
  close(): Promise<void>;
}

/** Options for tests: another API machinery, a fixed clock. */
export interface KubeSimOptions {
  apiFactory?: ClusterApiFactory;
  clock?: () => Date;
}

/** The host clients should use: the advertised one, else the listen host (loopback for a wildcard). */
export function advertisedHost(config: Pick<KubeSimConfig, 'KUBE_SIM_HOST' | 'KUBE_SIM_ADVERTISE_HOST'>): string {
  if (config.KUBE_SIM_ADVERTISE_HOST) return config.KUBE_SIM_ADVERTISE_HOST;
  if (config.KUBE_SIM_HOST === '0.0.0.0' || config.KUBE_SIM_HOST === '') return '127.0.0.1';
  return config.KUBE_SIM_HOST === '::' ? '::1' : config.KUBE_SIM_HOST;
}

function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function createDefaultCluster(registry: ClusterRegistry): Promise<SimCluster> {
  const nodes = [1, 2, 3].map((index) => ({ name: `${DEFAULT_CLUSTER}-node-${index}`, capacity: { ...DEFAULT_NODE_CAPACITY }, labels: {} }));
  return registry.create({ name: DEFAULT_CLUSTER, flavour: 'vanilla', nodes });
}

function listen(server: Server, config: KubeSimConfig): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.KUBE_SIM_PORT, config.KUBE_SIM_HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the simulator: loads or creates the PKI, listens with TLS, and creates the default cluster
 * when configured. Resolves once it accepts requests.
 */
export async function startKubeSim(config: KubeSimConfig, options: KubeSimOptions = {}): Promise<KubeSim> {
  const host = advertisedHost(config);
  const pki = await ensurePki(config.KUBE_SIM_DATA_DIR, [host]);
  const apiFactory = options.apiFactory ?? clusterApiFactoryFor(config);
  // the router needs the port, known only once listening: answer 503 until then
  const routing: { router?: KubeSimRouter } = {};
  // as kube-apiserver with --client-ca-file: ask for a client certificate, let requests without one
  // (or with one it does not trust) through to the bearer-token authenticators
  const tls = { key: pki.keyPem, cert: pki.certPem, ca: [pki.caCertPem], requestCert: true, rejectUnauthorized: false };
  const server = createServer(tls, (req, res) => {
    if (routing.router) return void routing.router.handle(req, res);
    res.writeHead(503).end();
  });
  const port = await listen(server, config);
  const url = `https://${hostForUrl(host)}:${port}`;
  const issueClientCertificate = pki.issueClientCertificate;
  const registry = new ClusterRegistry({ dataDir: config.KUBE_SIM_DATA_DIR, caCertPem: pki.caCertPem, baseUrl: url, apiFactory, clock: options.clock, issueClientCertificate });
  const recreateDefault = async () => void (config.KUBE_SIM_DEFAULT_CLUSTER && (await createDefaultCluster(registry)));
  const token = adminToken(config.KUBE_SIM_DATA_DIR, config.KUBE_SIM_ADMIN_TOKEN);
  const control = new ControlApi(registry, token, recreateDefault);
  routing.router = new KubeSimRouter(registry, control, `${hostForUrl(host)}:${port}`, new ClientCertificateVerifier(pki.caCertPem));
  await recreateDefault();
  const close = () => new Promise<void>((resolve) => {
    registry.closeAll();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { server, url, registry, pki, adminToken: token, close };
}
