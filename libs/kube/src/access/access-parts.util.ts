// Checks shared by every way credentials arrive (kubeconfig, token form, client-certificate form).
import { KubeAccessError } from './kube-access.error';
import { certificateBundle, checkKeyPair, leafCertificate, privateKey, toBase64 } from './pem.util';

/** Where a value came from: the request field, and how to call it in a message. */
export interface Origin {
  field: string;
  what: string;
}

const PRINTABLE_TOKEN = /^[\x21-\x7e]+$/;

function urlOf(value: unknown): URL | undefined {
  try {
    return typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}

/** The API server URL, checked: an absolute http(s) URL without credentials or query. */
export function checkServer(server: unknown, origin: Origin, allowHttp: boolean): string {
  const url = urlOf(server);
  const protocols = allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!url || !protocols.includes(url.protocol)) {
    throw new KubeAccessError(origin.field, `${origin.what} must be an ${allowHttp ? 'http(s)' : 'https'} URL such as https://api.example.com:6443`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new KubeAccessError(origin.field, `${origin.what} must not carry a user, password, query or fragment`);
  }
  return (server as string).replace(/\/+$/, '');
}

/** A bearer token, trimmed; it must be printable ASCII without spaces (it goes into a header). */
export function checkToken(token: unknown, origin: Origin): string {
  const trimmed = typeof token === 'string' ? token.trim() : '';
  if (!trimmed) throw new KubeAccessError(origin.field, `${origin.what} is empty`);
  if (!PRINTABLE_TOKEN.test(trimmed)) throw new KubeAccessError(origin.field, `${origin.what} must be printable ASCII without spaces or line breaks`);
  return trimmed;
}

/** A CA bundle, checked, as base64 PEM (certificate-authority-data form). */
export function checkCaBundle(pem: string, origin: Origin): string {
  certificateBundle(pem, origin.field, origin.what);
  return toBase64(pem);
}

/** A client certificate and its key, checked (both parse, and the key is the certificate's), as base64 PEM. */
export function checkClientPair(pair: { certificate: string; key: string }, certOrigin: Origin, keyOrigin: Origin): { clientCertificateData: string; clientKeyData: string } {
  const certificate = leafCertificate(pair.certificate, certOrigin.field, certOrigin.what);
  const key = privateKey(pair.key, keyOrigin.field, keyOrigin.what);
  checkKeyPair(certificate, key, keyOrigin.field, keyOrigin.what);
  return { clientCertificateData: toBase64(pair.certificate), clientKeyData: toBase64(pair.key) };
}
