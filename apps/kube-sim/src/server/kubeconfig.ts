// The kubeconfig a user or Flotilla points kubectl and client-node at, one per simulated cluster.
import { stringify } from 'yaml';

/** What a kubeconfig of one simulated cluster holds. */
export interface KubeconfigInput {
  cluster: string;
  server: string;
  caCertPem: string;
  token: string;
}

/** A kubeconfig (YAML) with the CA inline, a bearer token, and its context selected. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = `kube-sim-${input.cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name, cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caCertPem).toString('base64') } }],
    users: [{ name: `${name}-admin`, user: { token: input.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
  });
}
