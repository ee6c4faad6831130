// NATS for a new user: the one at NATS_URL when it answers, else a nats-server with JetStream that the
// launcher starts (and later stops) itself, with its store under the project's data directory.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { LaunchError } from './launch-error';
import { hostAndPort, isListening, isLoopback, pollUntil } from './net';
import { describeExit, SupervisedProcess } from './processes';
import type { StartedServer } from './started-server';

/** Where nats-server often lives without being on a user's PATH (Debian puts it in /usr/sbin). */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin'];

/** Options of {@link ensureNats}. */
export interface NatsOptions {
  /** JetStream store directory of a nats-server the launcher starts. */
  storeDir: string;
  /** Environment to look for the binary in (PATH, NATS_SERVER_BIN). */
  env?: NodeJS.ProcessEnv;
  /** Called as soon as a server process exists, before it is ready: a Ctrl-C then still stops it. */
  onStarted?: (server: StartedServer) => void;
  /** Show only its warnings and errors. */
  quiet?: boolean;
  startTimeoutMs?: number;
}

/** How to get a NATS server, for the message shown when none is reachable nor installed. */
export function natsInstallHelp(url: string): string {
  return [
    `NATS is not reachable at ${url}, and no nats-server binary was found to start one (looked in PATH and ${EXTRA_DIRS.join(', ')}).`,
    'Get one of these, then run npm start again:',
    '  Debian/Ubuntu:  sudo apt install nats-server',
    '  macOS:          brew install nats-server',
    '  Docker:         docker compose up -d nats   (from this repository)',
    '  Other:          https://docs.nats.io/running-a-nats-service/introduction/installation',
    'Or point NATS_URL at a running server (JetStream enabled), or NATS_SERVER_BIN at the binary.',
  ].join('\n');
}

/**
 * Finds the nats-server binary: NATS_SERVER_BIN when set (and only there), else PATH, then the
 * sbin directories. Undefined when there is none.
 */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NATS_SERVER_BIN) return isExecutable(env.NATS_SERVER_BIN) ? env.NATS_SERVER_BIN : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir)), ...EXTRA_DIRS];
  return dirs.map((dir) => join(dir, 'nats-server')).find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure a NATS server answers at `url`. Returns the server it started, or undefined when one
 * was already there. Throws a {@link LaunchError} saying how to get one when it cannot.
 */
export async function ensureNats(url: string, options: NatsOptions): Promise<StartedServer | undefined> {
  const servers = url.split(',');
  const { host, port } = hostAndPort(servers[0], 4222);
  if (await isListening(host, port)) return undefined;
  if (servers.length > 1 || !isLoopback(host)) {
    throw new LaunchError(`NATS is not reachable at ${url}. Start it, or fix NATS_URL (the launcher only starts a local one).`);
  }
  const binary = findNatsServer(options.env);
  if (!binary) throw new LaunchError(natsInstallHelp(url));
  return startNatsServer(binary, host, port, options);
}

async function startNatsServer(binary: string, host: string, port: number, options: NatsOptions): Promise<StartedServer> {
  mkdirSync(options.storeDir, { recursive: true });
  const child = new SupervisedProcess({
    name: 'nats',
    command: binary,
    args: ['-js', '-a', host, '-p', String(port), '-sd', options.storeDir],
    cwd: options.storeDir,
    env: options.env ?? process.env,
    detached: true,
    quiet: options.quiet,
    isError: (line) => /\[(WRN|ERR|FTL)\]/.test(line),
  });
  const server: StartedServer = {
    description: `${binary}, JetStream store in ${options.storeDir}`,
    stop: async () => void (await child.stop(10_000)),
  };
  options.onStarted?.(server);
  const check = () => {
    if (!child.running) throw new LaunchError(`nats-server ${describeExit(child.exitInfo)}:\n${child.lastLines().join('\n')}`);
  };
  const up = await pollUntil(() => isListening(host, port, 500), { timeoutMs: options.startTimeoutMs ?? 20_000, check });
  if (!up) {
    await server.stop();
    throw new LaunchError(`nats-server did not listen on ${host}:${port} in time:\n${child.lastLines().join('\n')}`);
  }
  return server;
}
