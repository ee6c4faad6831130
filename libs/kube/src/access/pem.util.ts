// PEM checks for credentials users upload: each failure names the field, never echoes the material.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { KubeAccessError } from './kube-access.error';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n?-----END \1-----/g;

function blocks(pem: string, label: RegExp): string[] {
  return [...pem.matchAll(PEM_BLOCK)].filter((match) => label.test(match[1])).map((match) => match[0]);
}

function parseCertificate(block: string): X509Certificate | undefined {
  try {
    return new X509Certificate(block);
  } catch {
    return undefined;
  }
}

/** Every certificate of a PEM bundle; throws naming `field` when there is none or one does not parse. */
export function certificateBundle(pem: string, field: string, what: string): X509Certificate[] {
  const found = blocks(pem, /^CERTIFICATE$/);
  if (found.length === 0) throw new KubeAccessError(field, `${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return found.map((block, index) => {
    const certificate = parseCertificate(block);
    if (!certificate) throw new KubeAccessError(field, `${what}: certificate ${index + 1} of ${found.length} is not a valid X.509 certificate`);
    return certificate;
  });
}

/** The first certificate of a PEM text (a client certificate; any further ones are its chain). */
export function leafCertificate(pem: string, field: string, what: string): X509Certificate {
  return certificateBundle(pem, field, what)[0];
}

/** A PEM private key (PKCS#1, PKCS#8 or SEC1); throws naming `field` when it is missing, encrypted or broken. */
export function privateKey(pem: string, field: string, what: string): KeyObject {
  const [block] = blocks(pem, /PRIVATE KEY$/);
  if (!block) throw new KubeAccessError(field, `${what} holds no PEM private key (-----BEGIN ... PRIVATE KEY-----)`);
  if (/^-----BEGIN ENCRYPTED/.test(block) || /Proc-Type: 4,ENCRYPTED/.test(block)) {
    throw new KubeAccessError(field, `${what} is encrypted with a passphrase; upload the unencrypted key`);
  }
  try {
    return createPrivateKey(block);
  } catch {
    throw new KubeAccessError(field, `${what} is not a valid PEM private key`);
  }
}

/** Checks that the key is the certificate's; throws naming `field` (the key's) otherwise. */
export function checkKeyPair(certificate: X509Certificate, key: KeyObject, field: string, what: string): void {
  let matches = false;
  try {
    matches = certificate.checkPrivateKey(key);
  } catch {
    matches = false;
  }
  if (!matches) throw new KubeAccessError(field, `${what} does not belong to the client certificate`);
}

/** base64 of a PEM text, as a kubeconfig's *-data fields hold it. */
export function toBase64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/** The PEM text of a kubeconfig *-data field; throws naming `field` when it is not base64 of text. */
export function fromBase64(data: unknown, field: string, what: string): string {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(data)) throw new KubeAccessError(field, `${what} must be base64-encoded PEM`);
  return Buffer.from(data, 'base64').toString('utf8');
}
