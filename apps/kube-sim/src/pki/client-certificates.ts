// X.509 client certificates as kube-apiserver's --client-ca-file authenticator treats them: issued by
// the simulator's CA (the one CA of every cluster of this process), CN = user, O = groups. The HTTPS
// server asks every client for a certificate; one without a trusted, current, clientAuth certificate
// falls through to bearer tokens.
import { X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
// oid of extKeyUsage clientAuth, which Go's verifier (kube-apiserver) requires of a client certificate
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** Who a client certificate names. */
export interface CertificateSubject {
  user: string;
  groups: string[];
}

/** What issuing a client certificate needs: its subject and validity (default: from an hour ago, 365 days). */
export interface ClientCertificateRequest extends CertificateSubject {
  notBefore?: Date;
  notAfter?: Date;
}

/** A client certificate and its private key, in PEM. */
export interface IssuedClientCertificate {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

/** The CA material that signs and checks client certificates. */
export interface SigningCa {
  cert: x509.X509Certificate;
  key: webcrypto.CryptoKey;
}

/** A certificate that authenticates: who it names, and until when. */
export interface VerifiedCertificate extends CertificateSubject {
  notAfter: Date;
}

/** Why a presented certificate does not authenticate: kube-apiserver answers both with the same 401. */
export type CertificateRejection = 'expired' | 'untrusted';

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Groups first, then the user, as kubeadm and k3s write their subjects ("O=system:masters, CN=kubernetes-admin"). */
function subjectName(subject: CertificateSubject): Record<string, string[]>[] {
  return [...subject.groups.map((group) => ({ O: [group] })), { CN: [subject.user] }];
}

/** Issues a client certificate for `request`, signed by `ca`, with a fresh ECDSA P-256 key. */
export async function issueClientCertificate(ca: SigningCa, request: ClientCertificateRequest): Promise<IssuedClientCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = request.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: new x509.Name(subjectName(request)),
    issuer: ca.cert.subject,
    notBefore,
    notAfter: request.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { certPem: cert.toString('pem'), keyPem, notAfter: cert.notAfter };
}

function allowsClientAuth(cert: x509.X509Certificate): boolean {
  const usages = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
  return !usages || usages.map(String).includes(CLIENT_AUTH);
}

/** Checks presented client certificates against one CA. */
export class ClientCertificateVerifier {
  private readonly ca: NodeX509Certificate;

  constructor(caCertPem: string) {
    this.ca = new NodeX509Certificate(caCertPem);
  }

  /** The subject of `peer` when the CA signed it, it is valid at `now` and made for client auth; else why not. */
  verify(peer: NodeX509Certificate, now = new Date()): VerifiedCertificate | CertificateRejection {
    if (!peer.checkIssued(this.ca) || !peer.verify(this.ca.publicKey)) return 'untrusted';
    const notAfter = new Date(peer.validTo);
    if (now < new Date(peer.validFrom) || now > notAfter) return 'expired';
    const cert = new x509.X509Certificate(peer.raw);
    const user = cert.subjectName.getField('CN')[0];
    if (!user || !allowsClientAuth(cert)) return 'untrusted';
    return { user, groups: cert.subjectName.getField('O'), notAfter };
  }
}
