// The read-side figures of the scale benchmark, each against a baseline of the same run: LIST of all
// pods (vs JSON.stringify of the same pods here), the chunked list through kubectl (vs the same pages
// through the raw API), and watch fan-out to 10 watchers (vs the same writes unwatched).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sleep } from './harness';
import { quantile, runPool } from './kube-sim-scale.client';
import { namespaceOf, podName } from './kube-sim-scale.objects';
import { API, CONCURRENCY, type Sim } from './kube-sim-scale.sim';

/** Timed LISTs of every pod. */
export const LIST_RUNS = 10;
const WATCHERS = 10;
const exec = promisify(execFile);

/** LIST of every pod, timed with the whole body read; the baseline stringifies the same pods here. */
export async function measureList(sim: Sim, pods: number) {
  const times: number[] = [];
  let body = Buffer.alloc(0);
  for (let run = 0; run < LIST_RUNS; run++) {
    const started = performance.now();
    body = (await sim.client.ok('GET', `${API}/pods`, { token: sim.token })).body;
    times.push(performance.now() - started);
  }
  const list = JSON.parse(body.toString('utf8')) as { items: unknown[]; metadata?: { resourceVersion?: string } };
  if (list.items.length !== pods) throw new Error(`LIST returned ${list.items.length} pods, expected ${pods}`);
  const stringify: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) {
    const started = performance.now();
    JSON.stringify(list);
    stringify.push(performance.now() - started);
  }
  return { times, p50: quantile(times, 0.5), p99: quantile(times, 0.99), stringifyP50: quantile(stringify, 0.5), bytesPerPod: body.length / pods, resourceVersion: list.metadata?.resourceVersion ?? '0' };
}

/** `kubectl get pods -A --chunk-size=500 -o name | wc -l` vs the same 500-item pages through the raw API. */
export async function measureChunked(sim: Sim, pods: number) {
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
export async function measureFanOut(sim: Sim, pods: number, resourceVersion: string) {
  const events = Math.min(1000, pods);
  const touch = (round: number) => (i: number) =>
    sim.client.ok('PATCH', `${API}/namespaces/${namespaceOf(i)}/pods/${podName(i)}`, { token: sim.token, body: { metadata: { annotations: { 'bench.flotilla.dev/round': String(round) } } }, contentType: 'application/merge-patch+json' });
  const unwatchedMs = await runPool(events, CONCURRENCY, touch(1));
  const rv = (await sim.client.ok('GET', `${API}/pods?limit=1`, { token: sim.token })).body.toString('utf8').match(/"resourceVersion":"(\d+)"/)?.[1] ?? resourceVersion;
  const watchers = await Promise.all(Array.from({ length: WATCHERS }, () => sim.client.watch(`${API}/pods?watch=1&resourceVersion=${rv}`, sim.token)));
  const started = performance.now();
  await runPool(events, CONCURRENCY, touch(2));
  // with controllers running other pod changes may reach the watchers too: wait for at least this many
  while (watchers.some((w) => w.count() < events)) await sleep(2);
  const fanOutMs = performance.now() - started;
  watchers.forEach((w) => w.stop());
  return { events, watchers: WATCHERS, unwatchedMs, fanOutMs };
}
