// What every benchmark starts from: the built apps, a fresh database and a nats-server of its own.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@flotilla/common';
import { dropDatabase, ensureDatabase } from '@flotilla/persistence';
import { startApp, stopAll, type RunningApp } from './process';

const DIST = join(__dirname, '..', '..');

/** Path of a built file under dist/; a clear error when the build has not run. */
export function distFile(relative: string): string {
  const file = join(DIST, relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

/** A benchmark's database and NATS, plus the apps it starts on them (stopped by `release`). */
export interface BenchBase {
  natsUrl: string;
  apps: RunningApp[];
  /** Stops the apps, removes the NATS store and drops the database. */
  release(): Promise<void>;
}

/**
 * Recreates `databaseUrl` empty and starts a nats-server of the bench's own (or uses BENCH_NATS_URL),
 * so that no other replica on the machine answers the bench's requests.
 */
export async function startBenchBase(databaseUrl: string): Promise<BenchBase> {
  const apps: RunningApp[] = [];
  let storeDir: string | undefined;
  const release = async () => {
    await stopAll(apps);
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    await dropDatabase(databaseUrl).catch((error: Error) => console.error(`dropping ${databaseUrl}: ${error.message}`));
  };
  try {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    if (process.env.BENCH_NATS_URL) return { natsUrl: process.env.BENCH_NATS_URL, apps, release };
    const [port, monitor] = [await freePort(), await freePort()];
    storeDir = mkdtempSync(join(tmpdir(), 'flotilla-bench-nats-'));
    const args = ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '-js', '-sd', storeDir];
    apps.push(await startApp({ name: 'nats', command: 'nats-server', args, readyUrls: [`http://127.0.0.1:${monitor}/healthz`] }));
    return { natsUrl: `nats://127.0.0.1:${port}`, apps, release };
  } catch (error) {
    await release();
    throw error;
  }
}
