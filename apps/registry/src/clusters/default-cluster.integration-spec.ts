import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_EVENTS } from '@flotilla/contracts';
import type { StartedService } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { startTestKubeSim, type TestKubeSim } from './testing/kube-sim';
import { RegistryClient, scratchDatabase, startRegistry, testKeys } from './testing/registry-harness';

interface DefaultRow {
  id: string;
  org_id: string | null;
  shared_with_all: boolean;
  status: string;
  server: string;
  provider: string;
}

/** What the registry's logger (pino: fs.write on fd 1) printed while `work` ran. */
async function logsOf<T>(work: () => Promise<T>): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const write = fs.write.bind(fs) as (...args: unknown[]) => void;
  const spy = vi.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1) return write(fd, data, ...rest);
    chunks.push(String(data));
    const callback = rest.at(-1) as (error: null, written: number) => void;
    process.nextTick(() => callback(null, Buffer.byteLength(String(data))));
  }) as typeof fs.write);
  try {
    return { result: await work(), text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** The platform cluster `default` registered from FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG at start. */
describe('default cluster', () => {
  let kube: TestKubeSim;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let client: RegistryClient;
  let dir: string;
  let kubeconfigPath: string;
  let env: Record<string, string>;
  const running: StartedService[] = [];

  const defaultRows = () => query<DefaultRow>(database.url, "SELECT id, org_id, shared_with_all, status, server, provider FROM registry.clusters WHERE name = 'default'");
  const start = async (count: number) => running.push(...(await Promise.all(Array.from({ length: count }, () => startRegistry(database.url, env)))));
  const stopAll = async () => {
    for (const service of running.splice(0)) await service.app.close();
  };

  beforeAll(async () => {
    kube = await startTestKubeSim();
    database = await scratchDatabase();
    client = await RegistryClient.connect();
    dir = mkdtempSync(join(tmpdir(), 'flotilla-default-cluster-'));
    kubeconfigPath = join(dir, 'default.yaml');
    env = { FLOTILLA_REGISTRY_KEYS: testKeys(), FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: kubeconfigPath };
  });

  afterAll(async () => {
    await stopAll();
    await client?.close();
    await database?.drop();
    await kube?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two replicas starting together register it once, shared with every organization, and log one line without secrets', async () => {
    const cluster = await kube.cluster('k3s');
    writeFileSync(kubeconfigPath, kube.kubeconfig(cluster));
    const { text } = await logsOf(async () => {
      env.LOG_LEVEL = 'info';
      await start(2);
      delete env.LOG_LEVEL;
    });
    const rows = await defaultRows();
    expect(rows).toEqual([{ id: expect.any(String), org_id: null, shared_with_all: true, status: 'ready', server: cluster.server, provider: 'k3s' }]);
    const lines = text.split('\n').filter((line) => line.includes('default cluster'));
    expect(lines.filter((line) => line.includes('default cluster registered'))).toHaveLength(1);
    expect(lines.join('\n')).toContain(cluster.server);
    expect(text).not.toContain(cluster.token);
    expect((await client.events(rows[0].id, 2, 2_000)).map((e) => e.subject)).toEqual([REGISTRY_EVENTS.registered]);
  });

  it('a restart refreshes it in place: no second row, no new registration', async () => {
    const [before] = await defaultRows();
    await stopAll();
    await start(1);
    const rows = await defaultRows();
    expect(rows).toEqual([before]);
    expect((await client.events(before.id, 2, 2_000)).map((e) => e.subject)).toEqual([REGISTRY_EVENTS.registered]);
  });

  it('a kubeconfig pointing elsewhere replaces the credentials at the next start (cluster.credentials-rotated)', async () => {
    const [before] = await defaultRows();
    const moved = await kube.cluster('microk8s');
    writeFileSync(kubeconfigPath, kube.kubeconfig(moved));
    await stopAll();
    await start(1);
    const rows = await defaultRows();
    expect(rows).toEqual([{ ...before, server: moved.server, provider: 'microk8s' }]);
    const events = await client.events(before.id, 2);
    expect(events.map((e) => [e.subject, e.event.server])).toEqual([
      [REGISTRY_EVENTS.registered, before.server],
      [REGISTRY_EVENTS.credentialsRotated, moved.server],
    ]);
  });

  it('an unreadable kubeconfig stops the start with a message naming the variable', async () => {
    await stopAll();
    const missing = startRegistry(database.url, { ...env, FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: join(dir, 'missing.yaml') });
    await expect(missing).rejects.toThrow(/FLOTILLA_DEFAULT_CLUSTER_KUBECONFIG: cannot read .*missing\.yaml \(ENOENT\)/);
  });
});
