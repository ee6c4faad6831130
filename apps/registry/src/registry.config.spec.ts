import { randomBytes } from 'node:crypto';
import { ConfigValidationError, loadConfig, redactConfig } from '@flotilla/common';
import { RegistryConfig, registryKeyRing } from './registry.config';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(RegistryConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  return expect.unreachable('the configuration must be refused');
}

describe(RegistryConfig.name, () => {
  it('takes several keys, wraps with the last listed by default, and never prints them', () => {
    const sut = loadConfig(RegistryConfig, { FLOTILLA_REGISTRY_KEYS: `k1:${k1}, k2:${k2}` });
    const ring = registryKeyRing(sut);
    expect(ring.ids).toEqual(['k1', 'k2']);
    expect(ring.activeId).toBe('k2');
    expect(ring.find('k1')?.key).toEqual(Buffer.from(k1, 'base64'));
    expect(JSON.stringify(redactConfig(sut))).not.toContain(k1);
    expect(redactConfig(sut)).toMatchObject({ FLOTILLA_REGISTRY_KEYS: '[redacted]' });
  });

  it('wraps with FLOTILLA_REGISTRY_ACTIVE_KEY when it is set', () => {
    const sut = loadConfig(RegistryConfig, { FLOTILLA_REGISTRY_KEYS: `k1:${k1},k2:${k2}`, FLOTILLA_REGISTRY_ACTIVE_KEY: 'k1' });
    expect(registryKeyRing(sut).active).toEqual({ id: 'k1', key: Buffer.from(k1, 'base64') });
  });

  it("accepts the public development key of docker-compose.yml and the k8s dev overlay", () => {
    const sut = loadConfig(RegistryConfig, { FLOTILLA_REGISTRY_KEYS: 'dev-insecure:ZGV2LW9ubHktaW5zZWN1cmUta2V5LW5vdC1zZWNyZXQ=' });
    expect(registryKeyRing(sut).active.key.toString()).toBe('dev-only-insecure-key-not-secret');
  });

  it('refuses to start without FLOTILLA_REGISTRY_KEYS, naming it', () => {
    expect(refusal({})).toMatch(/- FLOTILLA_REGISTRY_KEYS=\[redacted\]: is required/);
  });

  it.each([
    ['a bare key without an id', k1, /entry 1 must be keyId:base64/],
    ['a key of 16 bytes', `k1:${randomBytes(16).toString('base64')}`, /key 'k1' must be exactly 32 bytes/],
    ['a key of 33 bytes', `k1:${randomBytes(33).toString('base64')}`, /key 'k1' must be exactly 32 bytes/],
    ['a key that is not base64', `k1:${'%'.repeat(43)}=`, /key 'k1' must be exactly 32 bytes/],
    ['an id with a space', `key one:${k1}`, /entry 1 must be keyId:base64/],
    ['an id of 33 characters', `${'k'.repeat(33)}:${k1}`, /entry 1 must be keyId:base64/],
    ['an empty second entry', `k1:${k1},`, /entry 2 must be keyId:base64/],
    ['the same id twice', `k1:${k1},k1:${k2}`, /key id 'k1' is listed twice/],
  ])('refuses %s, naming FLOTILLA_REGISTRY_KEYS without echoing a key', (_case, value, reason) => {
    const message = refusal({ FLOTILLA_REGISTRY_KEYS: value });
    expect(message).toMatch(/- FLOTILLA_REGISTRY_KEYS=\[redacted\]: /);
    expect(message).toMatch(reason);
    for (const secret of [k1, k2, value.split(':').at(-1)!]) expect(message).not.toContain(secret);
  });

  it('refuses an active key id that is not listed, and says which ids are', () => {
    const message = refusal({ FLOTILLA_REGISTRY_KEYS: `k1:${k1},k2:${k2}`, FLOTILLA_REGISTRY_ACTIVE_KEY: 'k3' });
    expect(message).toMatch(/- FLOTILLA_REGISTRY_ACTIVE_KEY="k3": must be one of the key ids of FLOTILLA_REGISTRY_KEYS \(k1, k2\)/);
    expect(message).not.toContain(k1);
  });
});
