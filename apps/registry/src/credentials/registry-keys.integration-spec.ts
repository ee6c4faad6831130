// The key-encryption keys as an operator meets them: the built registry and its rotation command
// (`npm run registry:rotate-keys`) against a database of their own, with the keys in the environment.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { CreateOutboxTable1732300000000, OutboxMessage } from '@flotilla/common';
import { dropDatabase, ensureDatabase, openMigratedDataSource, serviceDataSourceOptions } from '@flotilla/persistence';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from '../migrations';
import { runRotateKeys, startRegistry } from './testing/registry-process';
import { kek, storeNew, tokenAccess, vaultWith } from './testing/vault-under-test';

const k1 = kek('k1');
const k2 = kek('k2');
const entry = (key: { id: string; key: Buffer }) => `${key.id}:${key.key.toString('base64')}`;

describe('registry credential keys (built binaries)', () => {
  let databaseUrl: string;
  let dataSource: DataSource;
  const tokens: string[] = [];
  const env = (keys: string) => ({ DATABASE_URL: databaseUrl, NATS_URL: inject('natsUrl'), LOG_LEVEL: 'info', FLOTILLA_REGISTRY_KEYS: keys });
  const secretsIn = (text: string) => [k1, k2].map((k) => k.key.toString('base64')).concat(tokens).filter((secret) => text.includes(secret));

  beforeAll(async () => {
    const url = new URL(inject('databaseUrl'));
    url.pathname = `${url.pathname}_keys_${randomBytes(4).toString('hex')}`;
    databaseUrl = url.toString();
    await ensureDatabase(databaseUrl);
    const options = await serviceDataSourceOptions({
      url: databaseUrl,
      schema: 'registry',
      entities: [OutboxMessage, ...REGISTRY_ENTITIES],
      migrations: [CreateOutboxTable1732300000000, ...REGISTRY_MIGRATIONS],
    });
    dataSource = await openMigratedDataSource({ ...options, logging: false });
    const vault = vaultWith(dataSource, [k1]);
    for (let i = 0; i < 3; i += 1) {
      const access = tokenAccess();
      tokens.push(access.token);
      await storeNew(dataSource, vault, access);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('refuses to start without FLOTILLA_REGISTRY_KEYS, or with a malformed one, naming it', async () => {
    for (const keys of ['', `k1:${randomBytes(16).toString('base64')}`, k1.key.toString('base64')]) {
      const outcome = await startRegistry(env(keys));
      expect(outcome).toMatchObject({ ready: false, exitCode: 1 });
      expect(outcome.output).toMatch(/^\s+- FLOTILLA_REGISTRY_KEYS=\[redacted\]: /m);
      expect(secretsIn(outcome.output)).toEqual([]);
    }
  });

  it('rotates every credential from k1 to k2, prints the counts, and a second run has nothing to do', () => {
    const first = runRotateKeys(env(`${entry(k1)},${entry(k2)}`));
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ activeKeyId: 'k2', rewrapped: 3, remainingOnOtherKeys: 0 });
    const second = runRotateKeys(env(`${entry(k1)},${entry(k2)}`));
    expect(JSON.parse(second.stdout)).toEqual({ activeKeyId: 'k2', rewrapped: 0, remainingOnOtherKeys: 0 });
    expect(secretsIn(first.stdout + first.stderr + second.stdout + second.stderr)).toEqual([]);
  });

  it('then starts with only k2', async () => {
    const outcome = await startRegistry(env(entry(k2)));
    expect(outcome.ready, outcome.output).toBe(true);
    expect(secretsIn(outcome.output)).toEqual([]);
  });

  it('refuses to start with only k1, or a wrong k2, saying which key cannot read the credentials', async () => {
    const lacking = await startRegistry(env(entry(k1)));
    expect(lacking).toMatchObject({ ready: false, exitCode: 1 });
    expect(lacking.output).toContain("credentials wrapped with key 'k2' cannot be read: FLOTILLA_REGISTRY_KEYS lacks it");
    const wrong = await startRegistry(env(`k2:${k1.key.toString('base64')}`));
    expect(wrong).toMatchObject({ ready: false, exitCode: 1 });
    expect(wrong.output).toContain("credentials wrapped with key 'k2' cannot be read: the key with that id in FLOTILLA_REGISTRY_KEYS is wrong");
    expect(secretsIn(lacking.output + wrong.output)).toEqual([]);
  });

  it('refuses to rotate when a key in use is missing, and changes nothing', async () => {
    const result = runRotateKeys(env(entry(k1)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("credentials wrapped with key 'k2' cannot be read: FLOTILLA_REGISTRY_KEYS lacks it");
    expect(await dataSource.query('SELECT kek_id, count(*)::int AS n FROM registry.cluster_credentials GROUP BY kek_id')).toEqual([{ kek_id: 'k2', n: 3 }]);
  });
});
