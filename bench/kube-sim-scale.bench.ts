// kube-sim at scale: one cluster of 5,000 nodes and 100,000 pods (KUBE_SIM_SCALE=0.1 for a tenth) in
// one kube-sim process, driven over HTTPS as clients drive it. Figures, each against a baseline of
// this run: creation rate (vs no-op requests on the same connections), LIST of all pods p50/p99 over
// 10 runs (vs JSON.stringify of the same pods here), the chunked list through kubectl (vs the same
// pages through the raw API), watch fan-out to 10 watchers (vs the same writes unwatched), and memory
// per pod (kube-sim's RSS growth vs the pod's JSON size). The cluster runs without controllers
// (`controllers: false`): nodes and pods are written as kubelets and the scheduler would leave them,
// so what is measured is the API machinery.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { BenchOptions, BenchSummary } from './gateway-roundtrip.bench';
import { distFile, fmt, formatTable, freePort, passes, ratio, sleep, startApp, type RunningApp, type Target } from './harness';
import { quantile, runPool, SimClient } from './kube-sim-scale.client';
import { NAMESPACES, namespaceOf, node, nodeName, pod, podName, runningStatus } from './kube-sim-scale.objects';

const NAME = 'kube-sim-scale';
const CONCURRENCY = 32;
const LIST_RUNS = 10;
const WATCHERS = 10;
const LIST_P99_TARGET_MS = 1000;
const exec = promisify(execFile);

interface Sim {
  app: RunningApp;
  client: SimClient;
  token: string;
  kubeconfig: string;
  cleanup: () => Promise<void>;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

async function startSim(): Promise<Sim> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-scale-'));
  const adminToken = randomBytes(24).toString('hex');
  const port = await freePort();
  const app = await startApp({
    name: 'kube-sim',
    args: ['--max-old-space-size=16384', distFile('apps/kube-sim/src/main.js')],
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
    await client.ok('POST', '/_sim/clusters', { token: adminToken, body: { name: 'scale', controllers: false } });
    const kubeconfig = join(dataDir, 'kubeconfigs', 'scale.yaml');
    const token = parse(readFileSync(kubeconfig, 'utf8')).users[0].user.token as string;
    return { app, client, token, kubeconfig, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

const API = '/clusters/scale/api/v1';

/** Creation: nodes (+ status), pods (+ Running status), and no-op requests on the same connections. */
async function populate(sim: Sim, nodes: number, pods: number) {
  const { client, token } = sim;
  for (let n = 0; n < NAMESPACES; n++) await client.ok('POST', `${API}/namespaces`, { token, body: { metadata: { name: `bench-${n}` } } });
  const noopCount = Math.min(pods, 20_000);
  const noopMs = await runPool(noopCount, CONCURRENCY, () => client.ok('GET', '/clusters/scale/healthz'));
  const rssBefore = rssBytes(sim.app.pid);
  const nodeMs = await runPool(nodes, CONCURRENCY, async (i) => {
    const { object, status } = node(i);
    await client.ok('POST', `${API}/nodes`, { token, body: object });
    await client.ok('PUT', `${API}/nodes/${nodeName(i)}/status`, { token, body: { ...object, status } });
  });
  const podMs = await runPool(pods, CONCURRENCY, (i) => client.ok('POST', `${API}/namespaces/${namespaceOf(i)}/pods`, { token, body: pod(i, nodes) }));
  const statusMs = await runPool(pods, CONCURRENCY, (i) =>
    client.ok('PUT', `${API}/namespaces/${namespaceOf(i)}/pods/${podName(i)}/status`, { token, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(i), namespace: namespaceOf(i) }, status: runningStatus(i) } }),
  );
  await sleep(2000);
  const rssAfter = rssBytes(sim.app.pid);
  return { noopPerSec: (noopCount / noopMs) * 1000, nodesPerSec: (nodes / nodeMs) * 2000, podsPerSec: (pods / podMs) * 1000, statusPerSec: (pods / statusMs) * 1000, rssPerPod: (rssAfter - rssBefore) / pods };
}

/** LIST of every pod, timed with the whole body read; the baseline stringifies the same pods here. */
async function measureList(sim: Sim, pods: number) {
  const times: number[] = [];
  let body = Buffer.alloc(0);
  for (let run = 0; run < LIST_RUNS; run++) {
    const started = performance.now();
    body = (await sim.client.ok('GET', `${API}/pods`, { token: sim.token })).body;
    times.push(performance.now() - started);
  }
  const list = JSON.parse(body.toString('utf8')) as { items: unknown[] };
  if (list.items.length !== pods) throw new Error(`LIST returned ${list.items.length} pods, expected ${pods}`);
  const stringify: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) {
    const started = performance.now();
    JSON.stringify(list);
    stringify.push(performance.now() - started);
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), stringifyP50: quantile(stringify, 0.5), bytesPerPod: body.length / pods, resourceVersion: (list as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? '0' };
}

/** `kubectl get pods -A --chunk-size=500 -o name | wc -l` vs the same 500-item pages through the raw API. */
async function measureChunked(sim: Sim, pods: number) {
  let started = performance.now();
  let count = 0;
  let token: string | undefined;
  do {
    const query = `limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const page = JSON.parse((await sim.client.ok('GET', `${API}/pods?${query}`, { token: sim.token })).body.toString('utf8')) as { items: unknown[]; metadata: { continue?: string } };
    count += page.items.length;
    token = page.metadata.continue;
  } while (token);
  const rawMs = performance.now() - started;
  if (count !== pods) throw new Error(`paged LIST returned ${count} pods, expected ${pods}`);
  started = performance.now();
  const { stdout } = await exec('bash', ['-c', `kubectl --kubeconfig ${sim.kubeconfig} get pods -A --chunk-size=500 -o name | wc -l`], { maxBuffer: 1 << 20 });
  const kubectlMs = performance.now() - started;
  if (Number(stdout.trim()) !== pods) throw new Error(`kubectl listed ${stdout.trim()} pods, expected ${pods}`);
  return { rawMs, kubectlMs };
}

/** Time for `events` pod changes to reach all of 10 watchers, vs the same writes with nobody watching. */
async function measureFanOut(sim: Sim, pods: number, resourceVersion: string) {
  const events = Math.min(1000, pods);
  const touch = (round: number) => (i: number) =>
    sim.client.ok('PATCH', `${API}/namespaces/${namespaceOf(i)}/pods/${podName(i)}`, { token: sim.token, body: { metadata: { annotations: { 'bench.flotilla.dev/round': String(round) } } }, contentType: 'application/merge-patch+json' });
  const unwatchedMs = await runPool(events, CONCURRENCY, touch(1));
  const rv = (await sim.client.ok('GET', `${API}/pods?limit=1`, { token: sim.token })).body.toString('utf8').match(/"resourceVersion":"(\d+)"/)?.[1] ?? resourceVersion;
  const watchers = await Promise.all(Array.from({ length: WATCHERS }, () => sim.client.watch(`${API}/pods?watch=1&resourceVersion=${rv}`, sim.token)));
  const started = performance.now();
  await runPool(events, CONCURRENCY, touch(2));
  while (watchers.some((w) => w.count() < events)) await sleep(2);
  const fanOutMs = performance.now() - started;
  watchers.forEach((w) => w.stop());
  return { events, unwatchedMs, fanOutMs };
}

/** The benchmark; KUBE_SIM_SCALE scales nodes and pods (quick: 0.02 unless set). */
export async function kubeSimScaleBench(options: BenchOptions): Promise<BenchSummary> {
  const scale = Number(process.env.KUBE_SIM_SCALE ?? (options.quick ? 0.02 : 1));
  if (!(scale > 0 && scale <= 1)) throw new Error('KUBE_SIM_SCALE must be in (0, 1]');
  const nodes = Math.max(1, Math.round(5000 * scale));
  const pods = Math.max(NAMESPACES, Math.round(100_000 * scale));
  console.log(`\n== ${NAME}: ${nodes} nodes, ${pods} pods in one kube-sim (KUBE_SIM_SCALE=${scale}) ==`);
  const sim = await startSim();
  try {
    const created = await populate(sim, nodes, pods);
    console.log(`created ${nodes} nodes and ${pods} pods (${fmt(created.podsPerSec, 0)} pods/s); listing`);
    const list = await measureList(sim, pods);
    console.log(`LIST p99 ${fmt(list.p99, 0)} ms; kubectl`);
    const chunked = await measureChunked(sim, pods);
    console.log(`kubectl ${fmt(chunked.kubectlMs, 0)} ms; watch fan-out`);
    const fanOut = await measureFanOut(sim, pods, list.resourceVersion);
    const targets: Target[] = [{ name: 'LIST all pods p99', actual: list.p99, op: '<', threshold: LIST_P99_TARGET_MS, unit: 'ms' }];
    const rows = [
      ['pod creation (POST)', `${fmt(created.podsPerSec, 0)} pods/s`, `${fmt(created.noopPerSec, 0)} no-op req/s`, fmt(ratio(created.podsPerSec, created.noopPerSec), 2)],
      ['pod status (PUT .../status)', `${fmt(created.statusPerSec, 0)} /s`, '', ''],
      ['node creation (POST + status)', `${fmt(created.nodesPerSec, 0)} objects/s`, '', ''],
      [`LIST all pods p50 / p99 (${LIST_RUNS} runs)`, `${fmt(list.p50, 0)} / ${fmt(list.p99, 0)} ms`, `${fmt(list.stringifyP50, 0)} ms JSON.stringify`, fmt(ratio(list.p50, list.stringifyP50), 2)],
      ['kubectl get pods -A --chunk-size=500', `${fmt(chunked.kubectlMs, 0)} ms`, `${fmt(chunked.rawMs, 0)} ms raw pages`, fmt(ratio(chunked.kubectlMs, chunked.rawMs), 2)],
      [`watch fan-out: ${fanOut.events} events to ${WATCHERS} watchers`, `${fmt(fanOut.fanOutMs, 0)} ms`, `${fmt(fanOut.unwatchedMs, 0)} ms unwatched`, fmt(ratio(fanOut.fanOutMs, fanOut.unwatchedMs), 2)],
      ['memory per pod (RSS growth)', `${fmt(created.rssPerPod / 1024, 1)} KiB`, `${fmt(list.bytesPerPod / 1024, 1)} KiB JSON`, fmt(ratio(created.rssPerPod, list.bytesPerPod), 2)],
    ];
    console.log(formatTable(['figure', 'kube-sim', 'baseline', 'ratio'], rows));
    const misses = targets.filter((target) => !passes(target));
    for (const target of targets) console.log(`target ${target.name} ${target.op} ${target.threshold} ${target.unit}: ${fmt(target.actual, 0)} ${passes(target) ? 'met' : 'MISSED'}`);
    const line = `${NAME}: ${nodes} nodes/${pods} pods; ${fmt(created.podsPerSec, 0)} pods/s created; LIST p99 ${fmt(list.p99, 0)} ms (target < ${LIST_P99_TARGET_MS}${misses.length ? ', missed' : ''}); kubectl chunked ${fmt(chunked.kubectlMs / 1000, 1)} s; fan-out ${fmt(fanOut.fanOutMs, 0)} ms; ${fmt(created.rssPerPod / 1024, 1)} KiB/pod`;
    return { name: NAME, line, misses: misses.length };
  } finally {
    sim.client.close();
    await sim.cleanup();
  }
}
