/** Kubernetes distributions the registry recognises. */
export enum ClusterProvider {
  Eks = 'eks',
  Gke = 'gke',
  Aks = 'aks',
  K3s = 'k3s',
  Rke2 = 'rke2',
  MicroK8s = 'microk8s',
  OpenShift = 'openshift',
  Kind = 'kind',
  Vanilla = 'vanilla',
  /** Not detected yet (never reached). */
  Unknown = 'unknown',
}

/** Connection state of a cluster, from its latest connection test. */
export enum ClusterStatus {
  /** Every step passed. */
  Ready = 'ready',
  /** DNS, TCP, TLS or timeout: Flotilla could not talk to the API server (like Rancher's pending import). */
  Unreachable = 'unreachable',
  /** The API server refused the credentials (401). */
  Unauthorized = 'unauthorized',
  /** Authenticated, but the credentials lack verbs Flotilla needs. */
  Forbidden = 'forbidden',
}

/**
 * Why a connection test step failed. `CONNECTION_REFUSED`, `DNS_NOT_FOUND`, `TIMEOUT`,
 * `TLS_UNKNOWN_AUTHORITY`, `TLS_ERROR` make a cluster unreachable; `UNAUTHORIZED` (401);
 * `MISSING_PERMISSIONS` (403 or denied verbs); `UNEXPECTED_RESPONSE` for anything else.
 */
export enum ConnectionFailureReason {
  DnsNotFound = 'DNS_NOT_FOUND',
  ConnectionRefused = 'CONNECTION_REFUSED',
  Timeout = 'TIMEOUT',
  TlsUnknownAuthority = 'TLS_UNKNOWN_AUTHORITY',
  TlsError = 'TLS_ERROR',
  Unauthorized = 'UNAUTHORIZED',
  MissingPermissions = 'MISSING_PERMISSIONS',
  UnexpectedResponse = 'UNEXPECTED_RESPONSE',
  /** The credentials need an exec plugin or auth provider this host does not allow. */
  AuthPluginNotAllowed = 'AUTH_PLUGIN_NOT_ALLOWED',
}

/** Steps of a connection test, in order; a step runs only when the ones before it passed. */
export enum ConnectionStep {
  Dns = 'dns',
  Tcp = 'tcp',
  Tls = 'tls',
  Authentication = 'authentication',
  Version = 'version',
  Nodes = 'nodes',
  Permissions = 'permissions',
}

/** How the credentials authenticate. */
export enum CredentialType {
  Kubeconfig = 'kubeconfig',
  Token = 'token',
  ClientCertificate = 'client-certificate',
}

/** Kind of signal a provider verdict rests on. */
export enum DetectionSignal {
  GitVersion = 'gitVersion',
  ProviderId = 'providerID',
  NodeLabel = 'nodeLabel',
  ApiGroup = 'apiGroup',
  ServerHost = 'serverHost',
}
