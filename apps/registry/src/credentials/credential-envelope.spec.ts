import { randomBytes, randomUUID } from 'node:crypto';
import { EnvelopeError, open, rewrap, seal } from './credential-envelope';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const secret = Buffer.from(JSON.stringify({ server: 'https://10.0.0.1:6443', token: 'eyJhbGciOiJSUzI1NiJ9.secret-token.sig' }));

function failure(fn: () => unknown): EnvelopeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvelopeError);
    return error as EnvelopeError;
  }
  return expect.unreachable('opening must fail');
}

describe(seal.name, () => {
  const clusterId = randomUUID();

  it('opens again for the same cluster with the key it was wrapped by', () => {
    const sut = seal(secret, clusterId, k1);
    expect(sut.kekId).toBe('k1');
    expect(open(sut, clusterId, k1)).toEqual(secret);
  });

  it('keeps neither the plaintext nor a key in what it stores', () => {
    const sut = seal(secret, clusterId, k1);
    const stored = Buffer.concat([sut.wrappedKey, sut.wrapNonce, sut.wrapTag, sut.dataNonce, sut.dataTag, sut.ciphertext]);
    expect(stored.includes(Buffer.from('secret-token'))).toBe(false);
    expect(stored.includes(k1.key)).toBe(false);
    expect(sut.wrappedKey).toHaveLength(32);
    expect([sut.wrapNonce.length, sut.dataNonce.length, sut.wrapTag.length, sut.dataTag.length]).toEqual([12, 12, 16, 16]);
  });

  it('does not open for another cluster, with another key, or after a bit flips', () => {
    const sut = seal(secret, clusterId, k1);
    expect(failure(() => open(sut, randomUUID(), k1)).reason).toBe('unwrap-failed');
    expect(failure(() => open(sut, clusterId, k2)).reason).toBe('unwrap-failed');
    const flipped = Buffer.from(sut.ciphertext);
    flipped[0]! ^= 1;
    expect(failure(() => open({ ...sut, ciphertext: flipped }, clusterId, k1)).reason).toBe('decrypt-failed');
    expect(failure(() => open({ ...sut, kekId: 'k2' }, clusterId, { ...k1, id: 'k2' })).reason).toBe('unwrap-failed');
  });

  it("does not open another cluster's ciphertext under this cluster's wrapped key", () => {
    const other = randomUUID();
    const mine = seal(secret, clusterId, k1);
    const theirs = seal(Buffer.from('{"server":"https://other","token":"theirs"}'), other, k1);
    const swapped = { ...mine, dataNonce: theirs.dataNonce, dataTag: theirs.dataTag, ciphertext: theirs.ciphertext };
    const error = failure(() => open(swapped, clusterId, k1));
    expect(error.reason).toBe('decrypt-failed');
    expect(error.message).not.toContain('theirs');
  });

  it('draws a fresh nonce for every one of 10,000 encryptions, data and wrap alike', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const sut = seal(secret, clusterId, k1);
      nonces.add(`data:${sut.dataNonce.toString('hex')}`);
      nonces.add(`wrap:${sut.wrapNonce.toString('hex')}`);
    }
    expect(nonces.size).toBe(20_000);
  });
});

describe(rewrap.name, () => {
  const clusterId = randomUUID();

  it('moves the data key to another key-encryption key and leaves the data ciphertext as it is', () => {
    const sealed = seal(secret, clusterId, k1);
    const sut = rewrap(sealed, clusterId, k1, k2);
    const moved = { ...sealed, ...sut };
    expect(sut.kekId).toBe('k2');
    expect(open(moved, clusterId, k2)).toEqual(secret);
    expect(failure(() => open(moved, clusterId, k1)).reason).toBe('unwrap-failed');
    expect(sut.wrapNonce.equals(sealed.wrapNonce)).toBe(false);
  });

  it('refuses to re-wrap with the wrong old key', () => {
    expect(failure(() => rewrap(seal(secret, clusterId, k1), clusterId, { ...k1, key: k2.key }, k2)).reason).toBe('unwrap-failed');
  });
});
