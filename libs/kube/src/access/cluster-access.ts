/**
 * Everything needed to reach one API server as one user, normalised from a kubeconfig, a bearer
 * token or a client certificate. This is what the registry encrypts and stores, and what every
 * Kubernetes call is built from. `token`, `clientKeyData` and exec `env` values are secrets.
 */
export interface ClusterAccess {
  /** API server URL, possibly with a path prefix (kube-sim serves clusters under /clusters/<name>). */
  server: string;
  /** PEM CA bundle, base64-encoded as in a kubeconfig's certificate-authority-data. */
  caData?: string;
  /** Server name to verify the certificate against, when it differs from the URL's host. */
  tlsServerName?: string;
  /** Skip certificate verification (a kubeconfig may ask for it; reported, never defaulted). */
  insecureSkipTlsVerify?: boolean;
  /** Bearer token. */
  token?: string;
  /** PEM client certificate, base64-encoded as in client-certificate-data. */
  clientCertificateData?: string;
  /** PEM client key, base64-encoded as in client-key-data. */
  clientKeyData?: string;
  /** Exec credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin, ...). */
  exec?: ExecPlugin;
  /** Legacy auth provider (gcp, azure, oidc). */
  authProvider?: { name: string; config?: Record<string, string> };
}

/** A kubeconfig `users[].user.exec` entry. */
export interface ExecPlugin {
  apiVersion: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
}
