// The simulated clusters of this process: each with its flavour, token, API machinery, faults and
// kubeconfig file (a client certificate for kind and k3s, as theirs hold; a bearer token otherwise).
// Clusters live in memory; tokens and the CA persist, so earlier kubeconfigs stay valid.
import { join } from 'node:path';
import { noFaults, type ClusterFaults } from '../control/cluster-faults';
import type { SimulationOptions } from '../controllers/cluster-simulation';
import { flavour, type Flavour, type FlavourName } from '../flavours/flavour';
import { buildNode, type NodeSpec } from '../flavours/node.factory';
import type { ClientCertificateRequest, IssuedClientCertificate } from '../pki/client-certificates';
import { adminCertificateOf } from './admin-credentials';
import type { ClusterApi, ClusterApiFactory, KubeObject } from './cluster-api';
import { renderKubeconfig, type KubeconfigCertificate } from './kubeconfig';
import { ClusterTokenStore, removeFile, writePrivateFile } from './secret.store';

export type { ClusterFaults } from '../control/cluster-faults';

/** One simulated cluster. */
export interface SimCluster {
  name: string;
  flavour: Flavour;
  token: string;
  api: ClusterApi;
  nodes: string[];
  faults: ClusterFaults;
  /** https://<advertise-host>:<port>/clusters/<name> */
  server: string;
  kubeconfigPath: string;
  createdAt: string;
  /** The admin client certificate its kubeconfig holds (kind, k3s); absent, the kubeconfig holds the token. */
  adminCertificate?: KubeconfigCertificate & { userName?: string };
}

/** What creating a cluster needs (validated by the control API). */
export interface ClusterSpec {
  name: string;
  flavour: FlavourName;
  nodes: NodeSpec[];
  /** Time scale and node lifecycle settings of the cluster's simulation (defaults from the config). */
  simulation?: SimulationOptions;
}

/** Fixed parts every cluster shares. */
export interface ClusterRegistryOptions {
  dataDir: string;
  caCertPem: string;
  /** https://<advertise-host>:<port>, known once the server listens. */
  baseUrl: string;
  apiFactory: ClusterApiFactory;
  clock?: () => Date;
  /** Signs client certificates with the simulator's CA; absent, every kubeconfig holds the token. */
  issueClientCertificate?: (request: ClientCertificateRequest) => Promise<IssuedClientCertificate>;
}

/** Thrown for a cluster or node that does not exist, or that exists already. */
export class ClusterRegistryError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/** The clusters of this process. */
export class ClusterRegistry {
  private readonly clusters = new Map<string, SimCluster>();
  private readonly tokens: ClusterTokenStore;

  constructor(private readonly options: ClusterRegistryOptions) {
    this.tokens = new ClusterTokenStore(options.dataDir);
  }

  list(): SimCluster[] {
    return [...this.clusters.values()];
  }

  find(name: string): SimCluster | undefined {
    return this.clusters.get(name);
  }

  get(name: string): SimCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new ClusterRegistryError('NOT_FOUND', `cluster ${name} not found`);
    return cluster;
  }

  /** Creates a cluster with its nodes and writes its kubeconfig. */
  async create(spec: ClusterSpec): Promise<SimCluster> {
    if (this.clusters.has(spec.name)) throw new ClusterRegistryError('CONFLICT', `cluster ${spec.name} exists already`);
    const cluster: SimCluster = {
      name: spec.name,
      flavour: flavour(spec.flavour),
      token: this.tokens.tokenFor(spec.name),
      api: this.options.apiFactory({ clock: this.options.clock, simulation: spec.simulation }),
      nodes: [],
      faults: noFaults(),
      server: `${this.options.baseUrl}/clusters/${spec.name}`,
      kubeconfigPath: join(this.options.dataDir, 'kubeconfigs', `${spec.name}.yaml`),
      createdAt: this.now().toISOString(),
    };
    this.clusters.set(spec.name, cluster);
    for (const node of spec.nodes) await this.addNode(spec.name, node);
    cluster.adminCertificate = await this.adminCertificate(spec.flavour);
    writePrivateFile(cluster.kubeconfigPath, this.kubeconfig(cluster));
    return cluster;
  }

  /** The kubeconfig YAML of a cluster as its file holds it: the admin certificate (kind, k3s) or the token. */
  kubeconfig(cluster: SimCluster): string {
    const certificate = cluster.adminCertificate;
    return renderKubeconfig({ cluster: cluster.name, server: cluster.server, caCertPem: this.options.caCertPem, token: cluster.token, clientCertificate: certificate, userName: certificate?.userName });
  }

  /** The kubeconfig of a cluster with its bearer token (cluster-admin), whatever its file holds. */
  tokenKubeconfig(cluster: SimCluster): string {
    return renderKubeconfig({ cluster: cluster.name, server: cluster.server, caCertPem: this.options.caCertPem, token: cluster.token });
  }

  /** A kubeconfig of a cluster authenticating by a new client certificate for `request`'s user and groups. */
  async certificateKubeconfig(cluster: SimCluster, request: ClientCertificateRequest): Promise<string> {
    if (!this.options.issueClientCertificate) throw new Error('this simulator issues no client certificates');
    const clientCertificate = await this.options.issueClientCertificate(request);
    return renderKubeconfig({ cluster: cluster.name, server: cluster.server, caCertPem: this.options.caCertPem, clientCertificate, userName: `kube-sim-${cluster.name}-${request.user}` });
  }

  private async adminCertificate(flavourName: FlavourName): Promise<SimCluster['adminCertificate']> {
    const admin = adminCertificateOf(flavourName);
    if (!admin || !this.options.issueClientCertificate) return undefined;
    return { ...(await this.options.issueClientCertificate(admin)), userName: admin.userName };
  }

  /** Deletes a cluster, its kubeconfig and its token. */
  delete(name: string): void {
    const cluster = this.get(name);
    this.clusters.delete(name);
    cluster.api.close?.();
    removeFile(cluster.kubeconfigPath);
    this.tokens.forget(name);
  }

  /** Deletes every cluster. */
  deleteAll(): void {
    for (const cluster of this.list()) this.delete(cluster.name);
  }

  /** Stops every cluster's background work (controllers), keeping tokens and kubeconfigs: the server is stopping. */
  closeAll(): void {
    for (const cluster of this.list()) cluster.api.close?.();
  }

  /** Registers a Node object in the cluster's API, as its kubelet would. */
  async addNode(clusterName: string, spec: NodeSpec): Promise<void> {
    const cluster = this.get(clusterName);
    if (cluster.nodes.includes(spec.name)) throw new ClusterRegistryError('CONFLICT', `node ${spec.name} exists already in cluster ${clusterName}`);
    const node = buildNode(spec, cluster.flavour, { cluster: clusterName, index: cluster.nodes.length, now: this.now() });
    // like a kubelet: register the Node, then report its status through the status subresource
    const created = (await cluster.api.create(node)) as KubeObject | undefined;
    if (created && cluster.api.updateStatus) await cluster.api.updateStatus({ ...created, status: node.status });
    cluster.nodes.push(spec.name);
  }

  /** Removes a Node object from the cluster's API. */
  async removeNode(clusterName: string, nodeName: string): Promise<void> {
    const cluster = this.get(clusterName);
    if (!cluster.nodes.includes(nodeName)) throw new ClusterRegistryError('NOT_FOUND', `node ${nodeName} not found in cluster ${clusterName}`);
    const nodeType = cluster.api.resourceTypes.find((type) => type.group === '' && type.kind === 'Node');
    if (nodeType) await cluster.api.delete(nodeType, undefined, nodeName);
    cluster.nodes = cluster.nodes.filter((name) => name !== nodeName);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
