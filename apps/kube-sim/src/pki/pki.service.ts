// The simulator's own certificate authority and serving certificate. Generated on first start into the
// data directory and reused afterwards, so kubeconfigs written earlier stay valid across restarts.
import { createHash, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { issueClientCertificate, type ClientCertificateRequest, type IssuedClientCertificate } from './client-certificates';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_DAYS = 3650;
const SERVING_DAYS = 825;
/** Names every serving certificate covers, on top of the configured ones. */
export const DEFAULT_SANS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** PEM material the HTTPS server and the kubeconfigs need. */
export interface SimPki {
  caCertPem: string;
  certPem: string;
  keyPem: string;
  /** SHA-256 of the CA certificate (DER), hex: stable across restarts that reuse the CA. */
  caFingerprint: string;
  /** Issues a client certificate signed by the CA (client-certificates.ts): how kubeconfigs authenticate by certificate. */
  issueClientCertificate(request: ClientCertificateRequest): Promise<IssuedClientCertificate>;
}

interface KeyedCert {
  cert: x509.X509Certificate;
  key: CryptoKey;
}

const subtle = webcrypto.subtle;

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function exportKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  return subtle.importKey('pkcs8', x509.PemConverter.decode(pem)[0], ALGORITHM, true, ['sign']);
}

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // positive, as RFC 5280 and Go's verifier want
  return Buffer.from(bytes).toString('hex');
}

async function createCa(): Promise<KeyedCert> {
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=kube-sim-ca,O=Flotilla',
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + CA_DAYS * DAY_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, key: keys.privateKey };
}

async function createServing(ca: KeyedCert, sans: readonly string[]): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=kube-sim,O=Flotilla',
    issuer: ca.cert.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + SERVING_DAYS * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sans.map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

async function loadOrCreateCa(dir: string): Promise<KeyedCert> {
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: new x509.X509Certificate(readFileSync(certPath, 'utf8')), key: await importKey(readFileSync(keyPath, 'utf8')) };
  }
  const ca = await createCa();
  writeSecret(keyPath, await exportKey(ca.key));
  writeFileSync(certPath, ca.cert.toString('pem'));
  return ca;
}

/** True when the stored serving certificate was issued by `ca`, is not near expiry and covers every SAN. */
function servingStillFits(certPem: string, ca: KeyedCert, sans: readonly string[]): boolean {
  const cert = new x509.X509Certificate(certPem);
  const sanExt = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const covered = new Set((sanExt?.names.toJSON() ?? []).map((name) => name.value));
  const fresh = cert.notAfter.getTime() - Date.now() > 30 * DAY_MS;
  return fresh && cert.issuer === ca.cert.subject && sans.every((san) => covered.has(san));
}

/**
 * Loads the CA and serving certificate from `dir`, creating what is missing. The serving certificate
 * is reissued (by the same CA) when it no longer covers `extraSans` or is about to expire.
 */
export async function ensurePki(dir: string, extraSans: readonly string[] = []): Promise<SimPki> {
  mkdirSync(dir, { recursive: true });
  const ca = await loadOrCreateCa(dir);
  const sans = [...new Set([...DEFAULT_SANS, ...extraSans.filter((san) => san !== '')])];
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  let certPem = existsSync(certPath) ? readFileSync(certPath, 'utf8') : '';
  let keyPem = existsSync(keyPath) ? readFileSync(keyPath, 'utf8') : '';
  if (!certPem || !keyPem || !servingStillFits(certPem, ca, sans)) {
    ({ certPem, keyPem } = await createServing(ca, sans));
    writeSecret(keyPath, keyPem);
    writeFileSync(certPath, certPem);
  }
  const caCertPem = ca.cert.toString('pem');
  const caFingerprint = createHash('sha256').update(Buffer.from(ca.cert.rawData)).digest('hex');
  return { caCertPem, certPem, keyPem, caFingerprint, issueClientCertificate: (request) => issueClientCertificate(ca, request) };
}
