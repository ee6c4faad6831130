import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CredentialType, ErrorCode } from '@flotilla/contracts';
import { ConfigValidationError, DomainException } from '@flotilla/common';
import { CredentialVault } from './credential-vault.service';
import { credentialsSchema, dropSchema, kek, storeNew, tokenAccess, TOKEN_METADATA, vaultWith } from './testing/vault-under-test';

const BYTEA_COLUMNS = ['wrapped_key', 'wrap_nonce', 'wrap_tag', 'data_nonce', 'data_tag', 'ciphertext'];

/** Every row of the table as an operator could dump it: row text (bytea as hex), base64 and escape forms. */
async function rawDump(dataSource: DataSource): Promise<string> {
  const encodings = ['base64', 'escape', 'hex'].flatMap((format) => BYTEA_COLUMNS.map((column) => `encode(t.${column}, '${format}')`));
  const rows: Array<Record<string, string>> = await dataSource.query(`SELECT t::text AS row, concat_ws(' ', ${encodings.join(', ')}) AS encoded FROM cluster_credentials t`);
  return rows.map((r) => `${r.row}\n${r.encoded}`).join('\n');
}

/** The error `promise` fails with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(() => undefined, (error: unknown) => error as Error);
  if (!outcome) throw new Error('expected a failure, and it succeeded');
  return outcome;
}

describe(CredentialVault.name, () => {
  let dataSource: DataSource;
  const k1 = kek('k1');
  const k2 = kek('k2');

  beforeEach(async () => {
    dataSource = await credentialsSchema();
  });

  afterEach(async () => {
    await dropSchema(dataSource);
  });

  it('gives back exactly the access it stored, replaced on a second store, gone after remove', async () => {
    const sut = vaultWith(dataSource, [k1]);
    const first = tokenAccess();
    const clusterId = await storeNew(dataSource, sut, first);
    expect(await sut.load(clusterId)).toEqual(first);

    const second = { server: 'https://10.0.0.2:6443', clientCertificateData: 'Y2VydA==', clientKeyData: randomBytes(48).toString('base64') };
    const expiresAt = new Date('2030-01-31T00:00:00.000Z');
    await dataSource.transaction((m) => sut.store(m, clusterId, second, { type: CredentialType.ClientCertificate, method: 'client-certificate', expiresAt, hostRequirement: null }));
    expect(await sut.load(clusterId)).toEqual(second);
    const metadata = (await sut.metadata([clusterId, randomUUID()])).get(clusterId);
    expect(metadata).toMatchObject({ type: CredentialType.ClientCertificate, method: 'client-certificate', expiresAt, hostRequirement: null });
    expect(metadata?.updatedAt).toBeInstanceOf(Date);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM cluster_credentials')).toEqual([{ n: 1 }]);

    await dataSource.transaction((m) => sut.remove(m, clusterId));
    const error = await failure(sut.load(clusterId));
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe(ErrorCode.NotFound);
    expect((await sut.metadata([clusterId])).size).toBe(0);
  });

  it('stores an exec plugin and what the host needs, and lets a rolled-back transaction store nothing', async () => {
    const sut = vaultWith(dataSource, [k1]);
    const clusterId = randomUUID();
    const access = { server: 'https://eks.example', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'], env: [{ name: 'AWS_PROFILE', value: 'prod' }] } };
    await dataSource.transaction((m) => sut.store(m, clusterId, access, { type: CredentialType.Kubeconfig, method: 'exec', expiresAt: null, hostRequirement: 'aws' }));
    expect(await sut.load(clusterId)).toEqual(access);
    expect((await sut.metadata([clusterId])).get(clusterId)).toMatchObject({ method: 'exec', hostRequirement: 'aws' });

    const rolledBack = randomUUID();
    await failure(
      dataSource.transaction(async (m) => {
        await sut.store(m, rolledBack, tokenAccess(), TOKEN_METADATA);
        throw new Error('the cluster insert failed');
      }),
    );
    expect((await failure(sut.load(rolledBack))).message).toBe(`cluster ${rolledBack} has no stored credentials`);
  });

  it('keeps no token, client key or key-encryption key in the raw rows, in any encoding', async () => {
    const sut = vaultWith(dataSource, [k1]);
    const withToken = tokenAccess();
    const clientKey = randomBytes(64);
    const withKey = { server: 'https://10.0.0.3:6443', clientCertificateData: 'Y2VydA==', clientKeyData: clientKey.toString('base64') };
    await storeNew(dataSource, sut, withToken);
    await storeNew(dataSource, sut, withKey);
    const dump = (await rawDump(dataSource)).toLowerCase();

    const secrets = [Buffer.from(withToken.token), clientKey, Buffer.from(withKey.clientKeyData), k1.key];
    for (const secret of secrets) {
      for (const form of [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url'), secret.toString('latin1')]) {
        expect(dump).not.toContain(form.toLowerCase());
      }
    }
    expect(dump).not.toContain('tok_');
    expect(dump).toContain(',k1,'); // the key id, and only the id, is stored in clear
  });

  it("refuses a ciphertext or wrapped key moved into another cluster's row, with a clear error and no secret in it", async () => {
    const sut = vaultWith(dataSource, [k1]);
    const [a, b] = [tokenAccess(), tokenAccess()];
    const [idA, idB] = [await storeNew(dataSource, sut, a), await storeNew(dataSource, sut, b)];
    const copy = (columns: string[]) =>
      dataSource.query(`UPDATE cluster_credentials t SET ${columns.map((c) => `${c} = s.${c}`).join(', ')} FROM cluster_credentials s WHERE s.cluster_id = $1 AND t.cluster_id = $2`, [idA, idB]);

    for (const columns of [['data_nonce', 'data_tag', 'ciphertext'], ['wrapped_key', 'wrap_nonce', 'wrap_tag'], ['kek_id', ...BYTEA_COLUMNS]]) {
      await dataSource.query('DELETE FROM cluster_credentials WHERE cluster_id = $1', [idB]);
      await dataSource.transaction((m) => sut.store(m, idB, b, TOKEN_METADATA));
      await copy(columns);
      const error = await failure(sut.load(idB));
      expect(error).toBeInstanceOf(DomainException);
      expect(error.message).toBe(`stored credentials of cluster ${idB} cannot be decrypted: they were altered, or belong to another cluster's row`);
      expect(JSON.stringify({ error, message: error.message, stack: error.stack })).not.toMatch(/tok_/);
    }
    expect(await sut.load(idA)).toEqual(a);
  });

  it('draws a fresh data nonce, wrap nonce and data key for every stored credential', async () => {
    const sut = vaultWith(dataSource, [k1]);
    const access = tokenAccess();
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < 500; i += 1) await sut.store(m, randomUUID(), access, TOKEN_METADATA);
    });
    const [counts] = await dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT data_nonce)::int AS data, count(DISTINCT wrap_nonce)::int AS wrap, count(DISTINCT wrapped_key)::int AS keys, count(DISTINCT ciphertext)::int AS ciphertexts FROM cluster_credentials',
    );
    expect(counts).toEqual({ n: 500, data: 500, wrap: 500, keys: 500, ciphertexts: 500 });
  });

  describe('rotation', () => {
    it('re-wraps every data key under the new key in batches, leaves the data as it was, and none on the old key', async () => {
      const before = vaultWith(dataSource, [k1]);
      const stored = new Map<string, ReturnType<typeof tokenAccess>>();
      for (let i = 0; i < 230; i += 1) {
        const access = tokenAccess();
        stored.set(await storeNew(dataSource, before, access), access);
      }
      const ciphertexts = await dataSource.query("SELECT cluster_id, encode(ciphertext, 'hex') AS c, updated_at FROM cluster_credentials ORDER BY cluster_id");

      const sut = vaultWith(dataSource, [k1, k2]);
      expect(await sut.rotate()).toEqual({ activeKeyId: 'k2', rewrapped: 230, remainingOnOtherKeys: 0 });
      expect(await dataSource.query('SELECT kek_id, count(*)::int AS n FROM cluster_credentials GROUP BY kek_id')).toEqual([{ kek_id: 'k2', n: 230 }]);
      expect(await dataSource.query("SELECT cluster_id, encode(ciphertext, 'hex') AS c, updated_at FROM cluster_credentials ORDER BY cluster_id")).toEqual(ciphertexts);
      expect(await sut.rotate()).toEqual({ activeKeyId: 'k2', rewrapped: 0, remainingOnOtherKeys: 0 });

      const afterwards = vaultWith(dataSource, [k2]);
      await afterwards.verifyKeys();
      for (const [clusterId, access] of stored) expect(await afterwards.load(clusterId)).toEqual(access);
    });

    it('then starts with only the new key, and refuses to start with only the old one or a wrong one', async () => {
      const clusterId = await storeNew(dataSource, vaultWith(dataSource, [k1]));
      await vaultWith(dataSource, [k1, k2]).rotate();

      await expect(vaultWith(dataSource, [k2]).verifyKeys()).resolves.toBeUndefined();
      const lacking = await failure(vaultWith(dataSource, [k1]).verifyKeys());
      expect(lacking).toBeInstanceOf(ConfigValidationError);
      expect(lacking.message).toContain("credentials wrapped with key 'k2' cannot be read: FLOTILLA_REGISTRY_KEYS lacks it");
      const wrong = await failure(vaultWith(dataSource, [{ id: 'k2', key: k1.key }]).verifyKeys());
      expect(wrong.message).toContain("credentials wrapped with key 'k2' cannot be read: the key with that id in FLOTILLA_REGISTRY_KEYS is wrong");
      for (const message of [lacking.message, wrong.message]) {
        expect(message).not.toContain(k1.key.toString('base64'));
        expect(message).not.toContain(k2.key.toString('base64'));
      }
      expect(await vaultWith(dataSource, [k2]).load(clusterId)).toMatchObject({ token: expect.stringMatching(/^tok_/) });
    });

    it('wraps with the active key, not the last listed, when one is named; rotating back works too', async () => {
      const clusterId = await storeNew(dataSource, vaultWith(dataSource, [k1, k2], 'k1'));
      expect(await dataSource.query('SELECT kek_id FROM cluster_credentials')).toEqual([{ kek_id: 'k1' }]);
      expect(await vaultWith(dataSource, [k1, k2]).rotate()).toMatchObject({ activeKeyId: 'k2', rewrapped: 1 });
      expect(await vaultWith(dataSource, [k1, k2], 'k1').rotate()).toEqual({ activeKeyId: 'k1', rewrapped: 1, remainingOnOtherKeys: 0 });
      expect(await vaultWith(dataSource, [k1]).load(clusterId)).toBeDefined();
    });

    it('skips and counts a row that no longer unwraps, re-wrapping all the others', async () => {
      const before = vaultWith(dataSource, [k1]);
      const ids = [];
      for (let i = 0; i < 5; i += 1) ids.push(await storeNew(dataSource, before));
      const tampered = ids.sort().at(-1)!; // not the row the start-up check samples (the first by id)
      await dataSource.query("UPDATE cluster_credentials SET wrap_tag = '\\x00000000000000000000000000000000' WHERE cluster_id = $1", [tampered]);

      expect(await vaultWith(dataSource, [k1, k2]).rotate()).toEqual({ activeKeyId: 'k2', rewrapped: 4, remainingOnOtherKeys: 1 });
      expect(await dataSource.query("SELECT cluster_id FROM cluster_credentials WHERE kek_id = 'k1'")).toEqual([{ cluster_id: tampered }]);
    });

    it('is refused before it changes anything when a key id in use is missing', async () => {
      await storeNew(dataSource, vaultWith(dataSource, [k1]));
      const error = await failure(vaultWith(dataSource, [k2]).rotate());
      expect(error.message).toContain("credentials wrapped with key 'k1' cannot be read: FLOTILLA_REGISTRY_KEYS lacks it");
      expect(await dataSource.query('SELECT kek_id FROM cluster_credentials')).toEqual([{ kek_id: 'k1' }]);
    });
  });
});
