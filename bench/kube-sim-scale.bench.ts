// kube-sim at scale: one cluster of 5,000 nodes and 100,000 pods (KUBE_SIM_SCALE=0.1 for a tenth) in
// one kube-sim process, driven over HTTPS as clients drive it, twice: once as only the API machinery
// (`controllers: false`, nodes and pods written as kubelets and the scheduler would leave them), once
// as a full cluster (pods created unbound; the scheduler binds them and the kubelets run them). Each
// figure is set against a baseline of the same run: creation rate (vs no-op requests on the same
// connections), LIST of all pods p50/p99 (vs JSON.stringify of the same pods here), the chunked list
// through kubectl (vs the same pages through the raw API), watch fan-out to 10 watchers (vs the same
// writes unwatched), and memory per pod (kube-sim's RSS growth vs the pod's JSON size).
import type { BenchOptions, BenchSummary } from './gateway-roundtrip.bench';
import { fmt, formatTable, passes, ratio, type Target } from './harness';
import { LIST_RUNS, measureChunked, measureFanOut, measureList } from './kube-sim-scale.measure';
import { NAMESPACES } from './kube-sim-scale.objects';
import { populate, type Created } from './kube-sim-scale.populate';
import { startSim } from './kube-sim-scale.sim';

const NAME = 'kube-sim-scale';
const LIST_P99_TARGET_MS = 1000;

interface Run {
  label: string;
  created: Created;
  list: Awaited<ReturnType<typeof measureList>>;
  chunked: Awaited<ReturnType<typeof measureChunked>>;
  fanOut: Awaited<ReturnType<typeof measureFanOut>>;
}

async function runCluster(controllers: boolean, nodes: number, pods: number): Promise<Run> {
  const label = controllers ? 'full cluster (scheduler, kubelets, controllers)' : 'API machinery only (controllers: false)';
  console.log(`-- ${label}`);
  const sim = await startSim(controllers);
  try {
    const created = await populate(sim, nodes, pods);
    console.log(`created ${nodes} nodes and ${pods} pods (${fmt(created.podsPerSec, 0)} pods/s${created.runningPerSec ? `, all Running at ${fmt(created.runningPerSec, 0)} pods/s` : ''}); listing`);
    const list = await measureList(sim, pods);
    console.log(`LIST runs (ms): ${list.times.map((t) => fmt(t, 0)).join(' ')}; kubectl`);
    const chunked = await measureChunked(sim, pods);
    console.log(`kubectl ${fmt(chunked.kubectlMs, 0)} ms; watch fan-out`);
    const fanOut = await measureFanOut(sim, pods, list.resourceVersion);
    return { label, created, list, chunked, fanOut };
  } finally {
    sim.client.close();
    await sim.cleanup();
  }
}

function rows(run: Run): string[][] {
  const { created, list, chunked, fanOut } = run;
  const creation = [['pod creation (POST)', `${fmt(created.podsPerSec, 0)} pods/s`, `${fmt(created.noopPerSec, 0)} no-op req/s`, fmt(ratio(created.podsPerSec, created.noopPerSec), 2)]];
  if (created.statusPerSec !== undefined) creation.push(['pod status (PUT .../status)', `${fmt(created.statusPerSec, 0)} /s`, '', '']);
  if (created.runningPerSec !== undefined) creation.push(['pods created until all Running', `${fmt(created.runningPerSec, 0)} pods/s`, `${fmt(created.noopPerSec, 0)} no-op req/s`, fmt(ratio(created.runningPerSec, created.noopPerSec), 2)]);
  return [
    ...creation,
    ['node creation (POST + status)', `${fmt(created.nodesPerSec, 0)} objects/s`, '', ''],
    [`LIST all pods p50 / p99 (${LIST_RUNS} runs)`, `${fmt(list.p50, 0)} / ${fmt(list.p99, 0)} ms`, `${fmt(list.stringifyP50, 0)} ms JSON.stringify`, fmt(ratio(list.p50, list.stringifyP50), 2)],
    ['kubectl get pods -A --chunk-size=500', `${fmt(chunked.kubectlMs, 0)} ms`, `${fmt(chunked.rawMs, 0)} ms raw pages`, fmt(ratio(chunked.kubectlMs, chunked.rawMs), 2)],
    [`watch fan-out: ${fanOut.events} events to ${fanOut.watchers} watchers`, `${fmt(fanOut.fanOutMs, 0)} ms`, `${fmt(fanOut.unwatchedMs, 0)} ms unwatched`, fmt(ratio(fanOut.fanOutMs, fanOut.unwatchedMs), 2)],
    ['memory per pod (RSS growth)', `${fmt(created.rssPerPod / 1024, 1)} KiB`, `${fmt(list.bytesPerPod / 1024, 1)} KiB JSON`, fmt(ratio(created.rssPerPod, list.bytesPerPod), 2)],
  ];
}

const summary = (run: Run) =>
  `${fmt(run.created.runningPerSec ?? run.created.podsPerSec, 0)} pods/s ${run.created.runningPerSec ? 'until Running' : 'created'}, LIST p50/p99 ${fmt(run.list.p50, 0)}/${fmt(run.list.p99, 0)} ms, kubectl ${fmt(run.chunked.kubectlMs / 1000, 1)} s, fan-out ${fmt(run.fanOut.fanOutMs, 0)} ms, ${fmt(run.created.rssPerPod / 1024, 1)} KiB/pod`;

/** The benchmark; KUBE_SIM_SCALE scales nodes and pods (quick: 0.02 unless set); KUBE_SIM_SCALE_CLUSTERS=api|full runs only one. */
export async function kubeSimScaleBench(options: BenchOptions): Promise<BenchSummary> {
  const scale = Number(process.env.KUBE_SIM_SCALE ?? (options.quick ? 0.02 : 1));
  if (!(scale > 0 && scale <= 1)) throw new Error('KUBE_SIM_SCALE must be in (0, 1]');
  const only = process.env.KUBE_SIM_SCALE_CLUSTERS;
  const nodes = Math.max(1, Math.round(5000 * scale));
  const pods = Math.max(NAMESPACES, Math.round(100_000 * scale));
  console.log(`\n== ${NAME}: ${nodes} nodes, ${pods} pods in one kube-sim (KUBE_SIM_SCALE=${scale}) ==`);
  const runs: Run[] = [];
  if (only !== 'full') runs.push(await runCluster(false, nodes, pods));
  if (only !== 'api') runs.push(await runCluster(true, nodes, pods));
  const targets: Target[] = runs.map((run) => ({ name: `LIST all pods p99, ${run.label}`, actual: run.list.p99, op: '<', threshold: LIST_P99_TARGET_MS, unit: 'ms' }));
  for (const run of runs) console.log(`\n${run.label}\n${formatTable(['figure', 'kube-sim', 'baseline', 'ratio'], rows(run))}`);
  const misses = targets.filter((target) => !passes(target));
  for (const target of targets) console.log(`target ${target.name} ${target.op} ${target.threshold} ${target.unit}: ${fmt(target.actual, 0)} ${passes(target) ? 'met' : 'MISSED'}`);
  const line = `${NAME}: ${nodes} nodes/${pods} pods; ${runs.map((run) => `${run.label.split(' (')[0]}: ${summary(run)}`).join('; ')}${misses.length ? `; LIST p99 target < ${LIST_P99_TARGET_MS} ms missed` : ''}`;
  return { name: NAME, line, misses: misses.length };
}
