// Certificates a user might hold that kube-sim did not issue: another CA (a wrong CA bundle) and a
// client certificate with its key (not signed by kube-sim's CA, so it is refused with 401).
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A self-signed certificate and its private key, in PEM. */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

/** A self-signed certificate valid from a day ago until `notAfter`: a CA when `ca`, a client certificate otherwise. */
export async function selfSigned(commonName: string, notAfter: Date, ca = false): Promise<CertificateAndKey> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${commonName},O=Flotilla e2e`,
    notBefore: new Date(Date.now() - 24 * 3600_000),
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: ca ? [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)] : [],
  });
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { certPem: cert.toString('pem'), keyPem, notAfter: cert.notAfter };
}

/** An unsigned-looking JWT (header.payload.signature) whose `exp` is `expiresAt`: describes itself, authenticates nowhere. */
export function jwtExpiringAt(expiresAt: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = { iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:flotilla:agent', exp: Math.floor(expiresAt.getTime() / 1000) };
  return `${part({ alg: 'RS256', kid: 'e2e' })}.${part(payload)}.${Buffer.from(webcrypto.getRandomValues(new Uint8Array(64))).toString('base64url')}`;
}
