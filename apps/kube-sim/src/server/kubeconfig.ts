// The kubeconfig a user or Flotilla points kubectl and client-node at, one per simulated cluster.
import { stringify } from 'yaml';

/** A client certificate and key a kubeconfig embeds (client-certificate-data / client-key-data). */
export interface KubeconfigCertificate {
  certPem: string;
  keyPem: string;
}

/** What a kubeconfig of one simulated cluster holds: a bearer token or a client certificate. */
export interface KubeconfigInput {
  cluster: string;
  server: string;
  caCertPem: string;
  token?: string;
  clientCertificate?: KubeconfigCertificate;
  /** Name of the users entry (default kube-sim-<cluster>-admin; k3s writes "default"). */
  userName?: string;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

function credentialsOf(input: KubeconfigInput): Record<string, string> {
  const certificate = input.clientCertificate;
  if (certificate) return { 'client-certificate-data': base64(certificate.certPem), 'client-key-data': base64(certificate.keyPem) };
  return { token: input.token ?? '' };
}

/** A kubeconfig (YAML) with the CA inline, a bearer token or client certificate, and its context selected. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = `kube-sim-${input.cluster}`;
  const user = input.userName ?? `${name}-admin`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name, cluster: { server: input.server, 'certificate-authority-data': base64(input.caCertPem) } }],
    users: [{ name: user, user: credentialsOf(input) }],
    contexts: [{ name, context: { cluster: name, user } }],
    'current-context': name,
  });
}
