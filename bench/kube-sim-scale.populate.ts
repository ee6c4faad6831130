// Filling the scale cluster. API-only: nodes and pods are written with the status kubelets and the
// scheduler would leave. With controllers: nodes register as kubelets do, pods are created unbound,
// and the scheduler and kubelets take each to Running; creation is timed until the last one runs.
import { sleep } from './harness';
import { runPool } from './kube-sim-scale.client';
import { NAMESPACES, namespaceOf, node, nodeName, pod, podName, runningStatus } from './kube-sim-scale.objects';
import { API, CONCURRENCY, rssBytes, type Sim } from './kube-sim-scale.sim';

/** What creating the cluster's objects measured. */
export interface Created {
  noopPerSec: number;
  nodesPerSec: number;
  /** POSTs of pods per second. */
  podsPerSec: number;
  /** API-only: status PUTs per second. */
  statusPerSec?: number;
  /** With controllers: pods per second from the first POST until every pod is Running. */
  runningPerSec?: number;
  rssPerPod: number;
}

/** Pods not (yet) Running: one LIST by field selector, limit 1, counted from remainingItemCount. */
async function notRunning(sim: Sim): Promise<number> {
  const answer = await sim.client.ok('GET', `${API}/pods?fieldSelector=status.phase!%3DRunning&limit=1`, { token: sim.token });
  const page = JSON.parse(answer.body.toString('utf8')) as { items: unknown[]; metadata: { remainingItemCount?: number } };
  return page.items.length + (page.metadata.remainingItemCount ?? 0);
}

async function untilAllRunning(sim: Sim, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let left = await notRunning(sim); left > 0; left = await notRunning(sim)) {
    if (performance.now() > deadline) throw new Error(`${left} pods still not Running after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

async function createNodes(sim: Sim, nodes: number): Promise<number> {
  const { client, token } = sim;
  const ms = await runPool(nodes, CONCURRENCY, async (i) => {
    const { object, status } = node(i);
    await client.ok('POST', `${API}/nodes`, { token, body: object });
    await client.ok('PUT', `${API}/nodes/${nodeName(i)}/status`, { token, body: { ...object, status } });
  });
  return (nodes / ms) * 2000;
}

/** Creates namespaces, nodes and pods; pods Running at the end either way. */
export async function populate(sim: Sim, nodes: number, pods: number): Promise<Created> {
  const { client, token } = sim;
  for (let n = 0; n < NAMESPACES; n++) await client.ok('POST', `${API}/namespaces`, { token, body: { metadata: { name: `bench-${n}` } } });
  const noopCount = Math.min(pods, 20_000);
  const noopMs = await runPool(noopCount, CONCURRENCY, () => client.ok('GET', '/clusters/scale/healthz'));
  const rssBefore = rssBytes(sim.app.pid);
  const nodesPerSec = await createNodes(sim, nodes);
  const started = performance.now();
  const bound = !sim.controllers;
  const podMs = await runPool(pods, CONCURRENCY, (i) => client.ok('POST', `${API}/namespaces/${namespaceOf(i)}/pods`, { token, body: pod(i, nodes, bound) }));
  const created: Created = { noopPerSec: (noopCount / noopMs) * 1000, nodesPerSec, podsPerSec: (pods / podMs) * 1000, rssPerPod: 0 };
  if (bound) {
    const statusMs = await runPool(pods, CONCURRENCY, (i) =>
      client.ok('PUT', `${API}/namespaces/${namespaceOf(i)}/pods/${podName(i)}/status`, { token, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: podName(i), namespace: namespaceOf(i) }, status: runningStatus(i) } }),
    );
    created.statusPerSec = (pods / statusMs) * 1000;
  } else {
    await untilAllRunning(sim, 30 * 60_000);
    created.runningPerSec = (pods / (performance.now() - started)) * 1000;
  }
  await sleep(2000);
  created.rssPerPod = (rssBytes(sim.app.pid) - rssBefore) / pods;
  return created;
}
