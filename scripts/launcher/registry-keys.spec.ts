import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRegistryKeys, GENERATED_KEY_ID } from './registry-keys';

describe(ensureRegistryKeys.name, () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-registry-keys-'));
    path = join(dir, 'data', 'registry.keys');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates one 32-byte key, readable by its owner only, and reuses it on the next start', () => {
    const first = ensureRegistryKeys(path, {});
    const second = ensureRegistryKeys(path, {});

    const [id, key] = first.keys.split(':');
    expect(id).toMatch(GENERATED_KEY_ID);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(first).toMatchObject({ activeKey: id, source: 'created' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(second).toEqual({ ...first, source: 'file' });
  });

  it('makes a key file others can read owner-only again', () => {
    ensureRegistryKeys(path, {});
    chmodSync(path, 0o644);

    ensureRegistryKeys(path, {});

    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('takes every listed key, the last one active unless FLOTILLA_REGISTRY_ACTIVE_KEY says otherwise', () => {
    ensureRegistryKeys(path, {});
    const second = `k2:${Buffer.alloc(32, 7).toString('base64')}`;
    writeFileSync(path, `${readFileSync(path, 'utf8')}${second}\n`);

    expect(ensureRegistryKeys(path, {})).toMatchObject({ activeKey: 'k2' });
    expect(ensureRegistryKeys(path, {}).keys.split(',')).toHaveLength(2);
    expect(ensureRegistryKeys(path, { FLOTILLA_REGISTRY_ACTIVE_KEY: 'other' }).activeKey).toBe('other');
  });

  it('uses FLOTILLA_REGISTRY_KEYS from the environment without touching the file', () => {
    const keys = `a:${Buffer.alloc(32).toString('base64')},b:${Buffer.alloc(32, 1).toString('base64')}`;

    expect(ensureRegistryKeys(path, { FLOTILLA_REGISTRY_KEYS: keys })).toEqual({ keys, activeKey: 'b', source: 'environment' });
    expect(() => statSync(path)).toThrow();
  });

  it('refuses a damaged key file, saying what it must hold', () => {
    ensureRegistryKeys(path, {});
    writeFileSync(path, '# keys\nlocal-1:not-base64\n');

    expect(() => ensureRegistryKeys(path, {})).toThrow(/one "keyId:base64\(32 bytes\)" per line \(line 2 does not\)/);
  });
});
