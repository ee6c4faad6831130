// One kube-sim process for the scale benchmark: started with a throw-away data dir, one cluster
// "scale" with or without its controllers, and the HTTPS client, token and kubeconfig to reach it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { distFile, freePort, sleep, startApp, type RunningApp } from './harness';
import { SimClient } from './kube-sim-scale.client';

/** Requests in flight while creating objects. */
export const CONCURRENCY = 32;
/** The cluster's core API path. */
export const API = '/clusters/scale/api/v1';

/** A running kube-sim with the cluster "scale". */
export interface Sim {
  app: RunningApp;
  client: SimClient;
  token: string;
  kubeconfig: string;
  controllers: boolean;
  cleanup: () => Promise<void>;
}

/** kube-sim's resident memory (bytes), from /proc. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

/** Extra node flags for kube-sim (KUBE_SIM_SCALE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or "--trace-gc"). */
function extraNodeArgs(): string[] {
  return (process.env.KUBE_SIM_SCALE_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** Starts kube-sim and creates the cluster "scale" (`controllers`: scheduler, kubelets and controllers running, or only the API machinery). */
export async function startSim(controllers: boolean): Promise<Sim> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-scale-'));
  const adminToken = randomBytes(24).toString('hex');
  const port = await freePort();
  const app = await startApp({
    name: 'kube-sim',
    args: ['--max-old-space-size=16384', ...extraNodeArgs(), distFile('apps/kube-sim/src/main.js')],
    env: { KUBE_SIM_PORT: String(port), KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_DEFAULT_CLUSTER: 'false', KUBE_SIM_ADMIN_TOKEN: adminToken },
    readyUrls: [],
    echo: process.env.BENCH_VERBOSE === '1',
  });
  const cleanup = async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const caPath = join(dataDir, 'ca.crt');
    for (let i = 0; i < 300 && !existsSync(caPath); i++) await sleep(100);
    const client = new SimClient(`https://127.0.0.1:${port}`, readFileSync(caPath, 'utf8'), CONCURRENCY);
    for (let i = 0; i < 300 && (await client.call('GET', '/readyz').catch(() => ({ status: 0 }))).status !== 200; i++) await sleep(100);
    await client.ok('POST', '/_sim/clusters', { token: adminToken, body: { name: 'scale', controllers } });
    const kubeconfig = join(dataDir, 'kubeconfigs', 'scale.yaml');
    const token = parse(readFileSync(kubeconfig, 'utf8')).users[0].user.token as string;
    return { app, client, token, kubeconfig, controllers, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
