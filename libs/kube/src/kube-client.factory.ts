import { KubeConfig, VersionApi, type VersionInfo } from '@kubernetes/client-node';

/** How to reach one Kubernetes API server: the fields a kubeconfig would hold for it. */
export interface ClusterEndpoint {
  name: string;
  /** API server URL, possibly with a path prefix (kube-sim serves clusters under /clusters/<name>). */
  server: string;
  /** Bearer token of the user Flotilla acts as. */
  token?: string;
  /** PEM CA bundle, base64-encoded as in a kubeconfig's certificate-authority-data. */
  caData?: string;
}

/**
 * Builds a client-node KubeConfig for one endpoint. Every Kubernetes call in Flotilla, against
 * kube-sim or a real cluster, goes through a KubeConfig built here.
 */
export function kubeConfigFor(endpoint: ClusterEndpoint): KubeConfig {
  const kubeConfig = new KubeConfig();
  // client-node refuses plain http unless told to skip TLS checks; there is no TLS to check then.
  // An https endpoint is always verified (against caData when given).
  const plainHttp = new URL(endpoint.server).protocol === 'http:';
  kubeConfig.loadFromClusterAndUser(
    { name: endpoint.name, server: endpoint.server, caData: endpoint.caData, skipTLSVerify: plainHttp },
    { name: `${endpoint.name}-flotilla`, token: endpoint.token },
  );
  return kubeConfig;
}

/** The API server's /version answer (gitVersion, platform, ...). */
export function serverVersion(kubeConfig: KubeConfig): Promise<VersionInfo> {
  return kubeConfig.makeApiClient(VersionApi).getCode();
}
