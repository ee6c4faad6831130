// `npm start` as a new user runs it: from a fresh copy of the repository (in a directory whose path
// holds a space), against the test run's NATS and a database that does not exist yet. The platform
// must come up healthy, stop cleanly on Ctrl-C without leaving a process or a port behind, come up
// again on the same data, and explain how to get NATS when there is none.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inject } from 'vitest';
import { dropDatabase } from '@flotilla/persistence';
import { freePort } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { httpStatus, isListening } from './net';

const REPO = resolve(__dirname, '..', '..');
const SERVICES = ['auth', 'registry', 'provisioning', 'sync', 'cost'];
const UP_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 30_000;

/** A launcher started the way a user does, in its own process group, with its output collected. */
class Launch {
  output = '';
  private groupGone = false;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves when `text` shows up in the output; rejects when the launcher exits or time runs out. */
  async waitFor(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!this.output.includes(text)) {
      if (exited || Date.now() > deadline) {
        throw new Error(`"${text}" did not show up (${exited ? 'launcher exited' : 'timeout'}). Output:\n${this.output.slice(-6000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Sends a signal to the whole process group, as a Ctrl-C in a terminal does. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  /** Waits for the exit, failing after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${this.output.slice(-4000)}`)), timeoutMs)));
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** True while any process of its group is alive. */
  groupAlive(): boolean {
    if (this.groupGone) return false;
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      // once empty, the group id may be reused by someone else's process: never signal it again
      this.groupGone = true;
      return false;
    }
  }

  /** Test clean-up: nothing of this launch may survive the test. */
  kill(): void {
    if (this.groupAlive()) process.kill(-this.pid, 'SIGKILL');
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port whose next five ports are free too: gateway on base, services on base+1..5. */
async function freePortBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: size }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no block of free ports');
}

/** A copy of the repository's tracked and unignored files, with node_modules linked, not copied. */
function copyRepository(target: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && !/^(node_modules|dist|tmp|\.flotilla)(\/|$)/.test(file)); // a linked node_modules is no directory to .gitignore
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    try {
      cpSync(join(REPO, file), join(target, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted since ls-files
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(target, 'node_modules'), 'dir');
}

/** The clusters the gateway lists to the bearer of `token`. */
async function listClusters(gatewayPort: number, token: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/clusters`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
}

const DEFAULT_CLUSTER = { name: 'default', status: 'ready', orgId: null, sharing: { all: true, orgIds: [] } };

describe('npm start', () => {
  let workDir: string;
  let bootstrapToken: string;
  let registryKeys: string;
  let databaseUrl: string;
  let gatewayPort: number;
  let kubeSimPort: number;
  let ports: number[];
  let env: NodeJS.ProcessEnv;
  const launches: Launch[] = [];

  const start = (command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const launch = new Launch(command, args, workDir, { ...env, ...extraEnv });
    launches.push(launch);
    return launch;
  };

  const expectPlatformHealthy = async () => {
    expect(await httpStatus(`http://127.0.0.1:${gatewayPort}/health`)).toBe(200);
    const serviceStatuses = await Promise.all(SERVICES.map((_, i) => httpStatus(`http://127.0.0.1:${gatewayPort + 1 + i}/health`)));
    expect(Object.fromEntries(SERVICES.map((name, i) => [name, serviceStatuses[i]]))).toEqual(Object.fromEntries(SERVICES.map((name) => [name, 200])));
    const kubeSim = await Promise.all(['http', 'https'].map((scheme) => httpStatus(`${scheme}://127.0.0.1:${kubeSimPort}/readyz`)));
    expect(kubeSim).toContain(200);
  };

  const expectNothingListening = async () => {
    const listening = await Promise.all(ports.map((port) => isListening('127.0.0.1', port)));
    expect(ports.filter((_, i) => listening[i])).toEqual([]);
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'flotilla start e2e-'));
    copyRepository(workDir);
    const url = new URL(inject('databaseUrl'));
    url.pathname = `/flotilla_launcher_e2e_${process.pid}_${Date.now()}`;
    databaseUrl = url.toString();
    gatewayPort = await freePortBlock(6);
    kubeSimPort = await freePort();
    ports = [gatewayPort, gatewayPort + 1, gatewayPort + 2, gatewayPort + 3, gatewayPort + 4, gatewayPort + 5, kubeSimPort];
    env = { ...process.env, NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, PORT: String(gatewayPort), KUBE_SIM_PORT: String(kubeSimPort) };
    for (const name of ['NODE_ENV', 'HEALTH_PORT', 'HOST', 'FLOTILLA_DATA_DIR', 'FLOTILLA_QUIET', 'LOG_LEVEL', 'KUBE_SIM_DATA_DIR']) delete env[name];
  });

  // a failed test must not leave its platform running into the next one
  afterEach(() => launches.forEach((launch) => launch.kill()));

  afterAll(async () => {
    launches.forEach((launch) => launch.kill());
    if (databaseUrl) await dropDatabase(databaseUrl);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('builds and starts the whole platform from a path with a space, and stops it on Ctrl-C', async () => {
    const sut = start('npm', ['start']);

    await sut.waitFor('Flotilla is up: http://', UP_TIMEOUT_MS);

    await expectPlatformHealthy();
    expect(sut.output).toContain(`Flotilla is up: http://127.0.0.1:${gatewayPort}/api/v1`);
    expect(sut.output).toMatch(/^auth {9}\| \{/m);
    const [created] = await query<{ count: string }>(inject('databaseUrl'), `SELECT count(*) FROM pg_database WHERE datname = '${new URL(databaseUrl).pathname.slice(1)}'`);
    expect(created.count).toBe('1');
    // the next steps list kube-sim's default cluster, registered and ready, with the token auth printed
    bootstrapToken = /FLOTILLA BOOTSTRAP TOKEN: (\S+)/.exec(sut.output)?.[1] ?? '';
    expect(bootstrapToken).toMatch(/^flt_/);
    expect(sut.output).toContain(`TOKEN=${bootstrapToken}`);
    expect(sut.output).toContain(`curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:${gatewayPort}/api/v1/clusters`);
    expect(await listClusters(gatewayPort, bootstrapToken)).toEqual([expect.objectContaining(DEFAULT_CLUSTER)]);
    const keyFile = join(workDir, '.flotilla', 'registry.keys');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    registryKeys = readFileSync(keyFile, 'utf8');
    expect(sut.output).not.toContain(registryKeys.trim().split('\n').at(-1)!.split(':')[1]);

    sut.signalGroup('SIGINT');
    const exit = await sut.exit(STOP_TIMEOUT_MS);

    // npm runs the script through sh, and dash dies of a SIGINT it received even when its child
    // exited 0, so npm reports the signal: the launcher's own verdict is its last line.
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    expect(sut.output).toMatch(/Flotilla stopped\.\n/);
    expect(sut.groupAlive()).toBe(false);
    await expectNothingListening();
  }, 240_000);

  it('comes up again on the same data without migrating twice, refuses a second copy, and exits 0 on SIGINT', async () => {
    const migrations = `SELECT (SELECT count(*) FROM auth.migrations) + (SELECT count(*) FROM cost.migrations) AS count`;
    const [before] = await query<{ count: string }>(databaseUrl, migrations);
    await query(databaseUrl, 'CREATE TABLE public.launcher_e2e_marker (note text); INSERT INTO public.launcher_e2e_marker VALUES ($$kept$$)');
    const sut = start(process.execPath, ['dist/scripts/start.js']);

    await sut.waitFor('Flotilla is up: http://', UP_TIMEOUT_MS);

    await expectPlatformHealthy();
    expect(await listClusters(gatewayPort, bootstrapToken)).toEqual([expect.objectContaining(DEFAULT_CLUSTER)]);
    expect(readFileSync(join(workDir, '.flotilla', 'registry.keys'), 'utf8')).toBe(registryKeys);
    expect(await query(databaseUrl, migrations)).toEqual([before]);
    expect(await query(databaseUrl, 'SELECT note FROM public.launcher_e2e_marker')).toEqual([{ note: 'kept' }]);

    const another = start(process.execPath, ['dist/scripts/start.js']);
    expect(await another.exit(STOP_TIMEOUT_MS)).toEqual({ code: 1, signal: null });
    expect(another.output).toContain(`${gatewayPort} (gateway)`);
    expect(another.output).toContain(`${gatewayPort + 1} (auth)`);
    expect(another.output).toContain('Is Flotilla running already?');
    await expectPlatformHealthy();

    sut.signalGroup('SIGINT');

    expect(await sut.exit(STOP_TIMEOUT_MS)).toEqual({ code: 0, signal: null });
    expect(sut.groupAlive()).toBe(false);
    await expectNothingListening();
  }, 240_000);

  it('exits 1 and says how to install NATS when there is none to connect to or start', async () => {
    const natsPort = await freePort();
    const sut = start(process.execPath, ['dist/scripts/start.js'], {
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      PATH: dirname(process.execPath),
      NATS_SERVER_BIN: '/nonexistent/nats-server',
    });

    const exit = await sut.exit(STOP_TIMEOUT_MS);

    expect(exit).toEqual({ code: 1, signal: null });
    expect(sut.output).toContain(`NATS is not reachable at nats://127.0.0.1:${natsPort}`);
    expect(sut.output).toContain('apt install nats-server');
    expect(sut.output).toContain('brew install nats-server');
    expect(sut.output).toContain('docker compose up -d nats');
    expect(sut.output).not.toContain('starting kube-sim');
    await expectNothingListening();
  }, 60_000);
});
