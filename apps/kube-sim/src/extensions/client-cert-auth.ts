// The x509 authenticator of kube-apiserver: a client certificate the simulator's CA signed, current and
// made for client auth, authenticates as user = CN, groups = O values (plus system:authenticated). The
// TLS server requests a certificate without requiring one, so a request without one (or with one not
// trusted) is left to the bearer-token authenticators; with neither it is a 401.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { CertificateRejection, ClientCertificateVerifier, VerifiedCertificate } from '../pki/client-certificates';
import type { UserInfo } from './rbac';

// a TLS connection presents its certificate once: check it once per connection, not per request
const verdicts = new WeakMap<TLSSocket, VerifiedCertificate | CertificateRejection | 'none'>();

function verdictOf(socket: TLSSocket, verifier: ClientCertificateVerifier): VerifiedCertificate | CertificateRejection | 'none' {
  const known = verdicts.get(socket);
  if (known !== undefined && typeof known !== 'string') return known.notAfter.getTime() >= Date.now() ? known : 'expired';
  if (known !== undefined) return known;
  const peer = typeof socket.getPeerX509Certificate === 'function' ? socket.getPeerX509Certificate() : undefined;
  const verdict = peer ? verifier.verify(peer) : 'none';
  verdicts.set(socket, verdict);
  return verdict;
}

/** The user the request's client certificate authenticates, or undefined (none, foreign CA, expired). */
export function clientCertificateUser(req: IncomingMessage, verifier: ClientCertificateVerifier): UserInfo | undefined {
  const verdict = verdictOf(req.socket as TLSSocket, verifier);
  if (typeof verdict === 'string') return undefined;
  return { username: verdict.user, groups: [...verdict.groups.filter((group) => group !== 'system:authenticated'), 'system:authenticated'] };
}
