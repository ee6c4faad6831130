import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, type KeyEncryptionKey } from './key-ring';

/** Layout version of a sealed credential; bound into both associated data, so a change is explicit. */
export const ENVELOPE_VERSION = 1;

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A data key wrapped by a key-encryption key. */
export interface WrappedKey {
  kekId: string;
  wrappedKey: Buffer;
  wrapNonce: Buffer;
  wrapTag: Buffer;
}

/** One credential at rest: the secret sealed with its own data key, and that key wrapped. */
export interface SealedCredential extends WrappedKey {
  version: number;
  dataNonce: Buffer;
  dataTag: Buffer;
  ciphertext: Buffer;
}

/** Why a sealed credential could not be opened; never carries key or plaintext bytes. */
export class EnvelopeError extends Error {
  constructor(
    readonly reason: 'unsupported-version' | 'unwrap-failed' | 'decrypt-failed',
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/**
 * Seals `plaintext` for the row of `clusterId`: a fresh random data key encrypts it (AES-256-GCM,
 * random 96-bit nonce) and is itself wrapped by `kek`. Both associated data name the cluster, so a
 * ciphertext or wrapped key copied into another cluster's row fails authentication.
 */
export function seal(plaintext: Buffer, clusterId: string, kek: KeyEncryptionKey): SealedCredential {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const data = encrypt(dataKey, plaintext, dataAad(ENVELOPE_VERSION, clusterId));
    return { version: ENVELOPE_VERSION, ...wrap(dataKey, clusterId, kek), dataNonce: data.nonce, dataTag: data.tag, ciphertext: data.ciphertext };
  } finally {
    dataKey.fill(0);
  }
}

/** Opens a credential sealed by {@link seal} for the same `clusterId`, with the key it was wrapped by. */
export function open(sealed: SealedCredential, clusterId: string, kek: KeyEncryptionKey): Buffer {
  const dataKey = unwrap(sealed, clusterId, kek);
  try {
    return decrypt(dataKey, { nonce: sealed.dataNonce, tag: sealed.dataTag, ciphertext: sealed.ciphertext }, dataAad(sealed.version, clusterId));
  } catch {
    throw new EnvelopeError('decrypt-failed', 'the credential ciphertext does not authenticate for this cluster');
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps the data key of `sealed` under `to`; the data ciphertext stays as it is. */
export function rewrap(sealed: SealedCredential, clusterId: string, from: KeyEncryptionKey, to: KeyEncryptionKey): WrappedKey {
  const dataKey = unwrap(sealed, clusterId, from);
  try {
    return wrap(dataKey, clusterId, to, sealed.version);
  } finally {
    dataKey.fill(0);
  }
}

/** Unwraps the data key of a sealed credential (the caller zeroes it); fails on a wrong key or row. */
export function unwrap(sealed: Pick<SealedCredential, keyof WrappedKey | 'version'>, clusterId: string, kek: KeyEncryptionKey): Buffer {
  if (sealed.version !== ENVELOPE_VERSION) throw new EnvelopeError('unsupported-version', `envelope version ${sealed.version} is not supported`);
  try {
    return decrypt(kek.key, { nonce: sealed.wrapNonce, tag: sealed.wrapTag, ciphertext: sealed.wrappedKey }, wrapAad(sealed.version, clusterId, sealed.kekId));
  } catch {
    throw new EnvelopeError('unwrap-failed', `the data key does not unwrap with key '${kek.id}' for this cluster`);
  }
}

function wrap(dataKey: Buffer, clusterId: string, kek: KeyEncryptionKey, version = ENVELOPE_VERSION): WrappedKey {
  const sealedKey = encrypt(kek.key, dataKey, wrapAad(version, clusterId, kek.id));
  return { kekId: kek.id, wrappedKey: sealedKey.ciphertext, wrapNonce: sealedKey.nonce, wrapTag: sealedKey.tag };
}

interface Encrypted {
  nonce: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): Encrypted {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, tag: cipher.getAuthTag(), ciphertext };
}

function decrypt(key: Buffer, encrypted: Encrypted, aad: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, encrypted.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(encrypted.tag);
  const unverified = decipher.update(encrypted.ciphertext);
  try {
    return Buffer.concat([unverified, decipher.final()]);
  } finally {
    // GCM hands out plaintext before the tag is checked: leave none of it behind
    unverified.fill(0);
  }
}

// NUL separators: cluster ids (uuids) and key ids ([A-Za-z0-9_-]) never contain one
function dataAad(version: number, clusterId: string): Buffer {
  return Buffer.from(['flotilla-cluster-credentials', String(version), 'data', clusterId].join('\0'));
}

function wrapAad(version: number, clusterId: string, kekId: string): Buffer {
  return Buffer.from(['flotilla-cluster-credentials', String(version), 'data-key', clusterId, kekId].join('\0'));
}
