// One way to build a Kubernetes client in Flotilla: a client-node KubeConfig from a ClusterAccess.
import { KubeConfig, VersionApi, type VersionInfo } from '@kubernetes/client-node';
import { ConnectionFailureReason } from '@flotilla/contracts';
import type { ClusterAccess } from './cluster-access';
import { KubeAccessError } from './kube-access.error';

/** Options of every call that reaches a cluster. */
export interface KubeCallOptions {
  /** How long one step or request may take, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Exec plugin commands and auth provider names this host lets credentials run (exact match). Default none. */
  allowedExecCommands?: readonly string[];
}

/** Default of {@link KubeCallOptions.timeoutMs}. */
export const DEFAULT_KUBE_TIMEOUT_MS = 5000;

/** Throws {@link KubeAccessError} (reason AUTH_PLUGIN_NOT_ALLOWED) when the access needs a plugin the host does not allow. */
export function assertPluginAllowed(access: ClusterAccess, allowed: readonly string[] = []): void {
  const needed = access.exec ? { kind: 'exec plugin', name: access.exec.command } : access.authProvider ? { kind: 'auth provider', name: access.authProvider.name } : undefined;
  if (needed && !allowed.includes(needed.name)) {
    throw new KubeAccessError('credentials', `the credentials need ${needed.kind} "${needed.name}", which this host does not allow`, ConnectionFailureReason.AuthPluginNotAllowed);
  }
}

function userOf(access: ClusterAccess, name: string) {
  return {
    name: `${name}-user`,
    token: access.token,
    certData: access.clientCertificateData,
    keyData: access.clientKeyData,
    exec: access.exec,
    authProvider: access.authProvider,
  };
}

/**
 * Builds the client-node KubeConfig for an access: every Kubernetes call in Flotilla, against kube-sim
 * or a real cluster, goes through one built here. An https server is verified (against caData when
 * given) unless the access itself asks to skip it; plain http has no TLS to verify. Exec plugins and
 * auth providers run only when `options.allowedExecCommands` names them; otherwise this throws
 * {@link KubeAccessError} with reason AUTH_PLUGIN_NOT_ALLOWED.
 */
export function kubeConfigForAccess(access: ClusterAccess, name = 'cluster', options: Pick<KubeCallOptions, 'allowedExecCommands'> = {}): KubeConfig {
  assertPluginAllowed(access, options.allowedExecCommands);
  const plainHttp = new URL(access.server).protocol === 'http:';
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name, server: access.server, caData: access.caData, tlsServerName: access.tlsServerName, skipTLSVerify: plainHttp || access.insecureSkipTlsVerify === true }],
    users: [userOf(access, name)],
    contexts: [{ name, cluster: name, user: `${name}-user` }],
    currentContext: name,
  });
  return kubeConfig;
}

/** The API server's /version answer (gitVersion, platform, ...). */
export function serverVersion(kubeConfig: KubeConfig): Promise<VersionInfo> {
  return kubeConfig.makeApiClient(VersionApi).getCode();
}
