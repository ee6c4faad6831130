import { randomBytes, randomUUID } from 'node:crypto';
import { ConfigValidationError } from '@flotilla/common';
import { seal } from './credential-envelope';
import { assertKeysReadable } from './key-check';
import { KeyRing } from './key-ring';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const stored = (kek: typeof k1) => {
  const clusterId = randomUUID();
  return { clusterId, ...seal(Buffer.from('{"token":"t"}'), clusterId, kek) };
};

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  return expect.unreachable('the keys must be refused');
}

describe(assertKeysReadable.name, () => {
  it('passes when every key id in use unwraps its credentials, or nothing is stored', () => {
    expect(() => assertKeysReadable([stored(k1), stored(k2)], new KeyRing([k1, k2], 'k2'))).not.toThrow();
    expect(() => assertKeysReadable([], new KeyRing([k2], 'k2'))).not.toThrow();
  });

  it('refuses a key ring that lacks a key id in use', () => {
    const message = refusal(() => assertKeysReadable([stored(k1), stored(k2)], new KeyRing([k2], 'k2')));
    expect(message).toContain("FLOTILLA_REGISTRY_KEYS=[redacted]: credentials wrapped with key 'k1' cannot be read: FLOTILLA_REGISTRY_KEYS lacks it");
    expect(message).not.toContain("key 'k2'");
  });

  it('refuses a wrong key under a known id, without printing either key', () => {
    const impostor = { id: 'k1', key: randomBytes(32) };
    const message = refusal(() => assertKeysReadable([stored(k1)], new KeyRing([impostor], 'k1')));
    expect(message).toMatch(/credentials wrapped with key 'k1' cannot be read: the key with that id in FLOTILLA_REGISTRY_KEYS is wrong/);
    for (const key of [k1.key, impostor.key]) expect(message).not.toContain(key.toString('base64'));
  });
});
