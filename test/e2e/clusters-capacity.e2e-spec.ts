// Capacity and fit queries against what kube-sim's scheduler actually does: the allocated amounts
// per node are the requests of the pods bound there, and a fit query for N replicas names the same
// nodes (and the same count per node) as the scheduler picks when the same N pods are created right
// after. Over two clusters, a fleet fit fills both and says which clusters it could not read.
import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Pod, type V1Toleration } from '@kubernetes/client-node';
import { parseQuantity, toMilli } from '@flotilla/kube';
import { expectStatus, kubeconfigRegistration, startClusterPlatform, type ClusterPlatform } from '../support/cluster-platform';
import { placements, podWith, type NodeSpec, type SimClusterHandle } from '../support/sim-clusters';
import { createTenant, createToken, uniqueName, type ApiClient, type Json } from '../support/tenants';

const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const GPU_TOLERATION: V1Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const milli = (quantity: string | undefined) => (quantity ? toMilli(parseQuantity(quantity)) : 0n);

/** What a pod asks of its node: max(sum of containers, largest init container) per resource, plus overhead. */
function effectiveRequests(pod: V1Pod): Map<string, bigint> {
  const sum = new Map<string, bigint>();
  for (const c of pod.spec!.containers) for (const [r, q] of Object.entries(c.resources?.requests ?? {})) sum.set(r, (sum.get(r) ?? 0n) + milli(q));
  for (const c of pod.spec!.initContainers ?? []) for (const [r, q] of Object.entries(c.resources?.requests ?? {})) if (milli(q) > (sum.get(r) ?? 0n)) sum.set(r, milli(q));
  for (const [r, q] of Object.entries(pod.spec!.overhead ?? {})) sum.set(r, (sum.get(r) ?? 0n) + milli(q));
  return sum;
}

/** Replicas per node, from a fit answer or from where the scheduler bound pods. */
const perNode = (entries: Array<[string, number]>) => Object.fromEntries(entries.filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
const fitPerNode = (fit: Json, clusterId?: string) => perNode(fit.placements.filter((p: Json) => !clusterId || p.clusterId === clusterId).map((p: Json) => [p.node, p.replicas]));
function boundPerNode(bound: Map<string, string | null>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const node of bound.values()) if (node) counts.set(node, (counts.get(node) ?? 0) + 1);
  return perNode([...counts]);
}

describe('capacity and fit agree with kube-sim’s scheduler', () => {
  let platform: ClusterPlatform;
  let member: ApiClient;
  let orgAdmin: ApiClient;
  let sim: SimClusterHandle;
  let cluster: Json;
  const run = uniqueName('run');
  const label = { 'e2e.flotilla.dev/run': run };

  const node = (name: string, capacity: Record<string, string>, labels: Record<string, string> = {}): NodeSpec => ({ name, capacity, labels: { ...label, ...labels } });

  /** Creates `count` identical pods in a fresh namespace and waits for the scheduler's decision on each. */
  async function schedule(core: CoreV1Api, count: number, requests: Record<string, string>, extra: Partial<NonNullable<V1Pod['spec']>> = {}) {
    const namespace = uniqueName('fit');
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const names = Array.from({ length: count }, (_, i) => `replica-${i}`);
    for (const name of names) await core.createNamespacedPod({ namespace, body: podWith(name, requests, extra) });
    return placements(core, namespace, names);
  }

  /** Asks Flotilla where `replicas` would go, then lets kube-sim place the same pods: both answers. */
  async function fitThenSchedule(requests: Record<string, string>, replicas: number, spec: { nodeSelector?: Record<string, string>; tolerations?: V1Toleration[] } = {}) {
    const fit = expectStatus(await member.post(`/clusters/${cluster.id}/fit`, { requests, replicas, ...spec }), 200, 'fit').body;
    const bound = await schedule(sim.core, replicas, requests, spec);
    return { fit, bound };
  }

  beforeAll(async () => {
    platform = await startClusterPlatform({ logLevel: 'warn' });
    const tenant = await createTenant(platform.gateway.url, platform.admin.token!);
    member = platform.admin.as(tenant.tokens.member);
    orgAdmin = platform.admin.as(tenant.tokens.orgAdmin);
    sim = await platform.simCluster('eks', [
      node('small-1', { cpu: '2', memory: '8Gi' }),
      node('medium-1', { cpu: '4', memory: '16Gi' }),
      node('large-1', { cpu: '8', memory: '32Gi' }),
      node('cordoned-1', { cpu: '2', memory: '4Gi' }),
      node('gpu-1', { cpu: '16', memory: '64Gi', 'nvidia.com/gpu': '4' }, { 'nvidia.com/gpu.product': 'A100' }),
      node('mig-1', { cpu: '8', memory: '32Gi', 'nvidia.com/mig-1g.10gb': '7' }),
    ]);
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    await sim.core.patchNode({ name: 'gpu-1', body: { spec: { taints: [GPU_TAINT] } } }, merge);
    await sim.core.patchNode({ name: 'cordoned-1', body: { spec: { unschedulable: true } } }, merge);
    cluster = expectStatus(await orgAdmin.post('/clusters', kubeconfigRegistration(sim, { declaredCapacity: { cpu: '32', memory: '128Gi' } })), 201, 'register').body;
    // existing load, one pod with an init container larger than its app container
    const initHeavy = podWith('init-heavy', { cpu: '500m', memory: '512Mi' }, { initContainers: [{ name: 'migrate', image: 'busybox', resources: { requests: { cpu: '1500m', memory: '256Mi' } } }] });
    await sim.core.createNamespace({ body: { metadata: { name: 'load' } } });
    for (const pod of [podWith('web-1', { cpu: '1', memory: '2Gi' }), podWith('web-2', { cpu: '750m', memory: '3Gi' }), initHeavy]) await sim.core.createNamespacedPod({ namespace: 'load', body: pod });
    await placements(sim.core, 'load', ['web-1', 'web-2', 'init-heavy']);
  });

  afterAll(() => platform?.stop());

  it('reports per node what the bound pods request, and totals beside the declared capacity', async () => {
    const capacity = await member.get(`/clusters/${cluster.id}/capacity`);
    const pods = (await sim.core.listPodForAllNamespaces()).items.filter((p) => p.spec?.nodeName && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));

    expect(capacity.status).toBe(200);
    expect(capacity.body).toMatchObject({ clusterId: cluster.id, declared: { cpu: '32', memory: '128Gi' } });
    for (const n of capacity.body.nodes as Json[]) {
      const onNode = pods.filter((p) => p.spec!.nodeName === n.name);
      for (const resource of ['cpu', 'memory']) {
        const requested = onNode.reduce((total, p) => total + (effectiveRequests(p).get(resource) ?? 0n), 0n);
        expect([n.name, resource, milli(n.allocated[resource])]).toEqual([n.name, resource, requested]);
        expect(milli(n.available[resource])).toBe(milli(n.allocatable[resource]) - requested);
      }
      expect(n.pods).toBe(onNode.length);
    }
    const byName = Object.fromEntries((capacity.body.nodes as Json[]).map((n) => [n.name, n]));
    expect(byName['cordoned-1']).toMatchObject({ ready: true, schedulable: false });
    expect(byName['gpu-1'].taints).toEqual([GPU_TAINT]);
    expect(milli(byName['gpu-1'].allocatable['nvidia.com/gpu'])).toBe(4000n);
    const sum = (key: 'allocatable' | 'allocated', resource: string) => (capacity.body.nodes as Json[]).reduce((t, n) => t + milli(n[key][resource]), 0n);
    expect(milli(capacity.body.total.cpu)).toBe(sum('allocatable', 'cpu'));
    expect(milli(capacity.body.allocated.memory)).toBe(sum('allocated', 'memory'));
    expect(milli(capacity.body.available.cpu)).toBe(sum('allocatable', 'cpu') - sum('allocated', 'cpu'));
  });

  it('places plain replicas on the nodes the scheduler picks (best fit, never the cordoned node)', async () => {
    const { fit, bound } = await fitThenSchedule({ cpu: '1500m', memory: '3Gi' }, 6);

    expect(fit).toMatchObject({ fits: true, replicas: 6, placed: 6, reasons: [], skippedClusters: [] });
    expect(fitPerNode(fit)).toEqual(boundPerNode(bound));
    expect(fitPerNode(fit)).not.toHaveProperty('cordoned-1');
  });

  it('puts GPU replicas on the tainted GPU node only when they tolerate it, and says why the rest do not fit', async () => {
    const spec = { nodeSelector: { 'nvidia.com/gpu.product': 'A100' }, tolerations: [GPU_TOLERATION] };

    const { fit, bound } = await fitThenSchedule({ cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' }, 5, spec);

    expect(fit).toMatchObject({ fits: false, replicas: 5, placed: 4 });
    expect(fitPerNode(fit)).toEqual({ 'gpu-1': 4 });
    expect(boundPerNode(bound)).toEqual({ 'gpu-1': 4 });
    expect([...bound.values()].filter((n) => n === null)).toHaveLength(1);
    expect(fit.reasons.join(' ')).toContain('Insufficient nvidia.com/gpu');
  });

  it('places nothing on a tainted node for replicas that do not tolerate it', async () => {
    const { fit, bound } = await fitThenSchedule({ cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' }, 2);

    expect(fit).toMatchObject({ fits: false, placed: 0, placements: [] });
    expect([...bound.values()]).toEqual([null, null]);
    expect(fit.reasons.join(' ')).toMatch(/untolerated taint|Insufficient nvidia.com\/gpu/);
  });

  it('counts MIG slices per node like any extended resource', async () => {
    const { fit, bound } = await fitThenSchedule({ cpu: '100m', memory: '128Mi', 'nvidia.com/mig-1g.10gb': '1' }, 8);

    expect(fit).toMatchObject({ fits: false, placed: 7 });
    expect(fitPerNode(fit)).toEqual({ 'mig-1': 7 });
    expect(boundPerNode(bound)).toEqual({ 'mig-1': 7 });
  });

  it('fills the fleet across two clusters, and lists a cluster it could not read as skipped', async () => {
    const other = await platform.simCluster('gke', [node('b-1', { cpu: '4', memory: '16Gi' }), node('b-2', { cpu: '2', memory: '16Gi' })]);
    const second = expectStatus(await orgAdmin.post('/clusters', kubeconfigRegistration(other)), 201, 'register second').body;
    const gone = await platform.simCluster('k3s', [node('c-1', { cpu: '64', memory: '256Gi' })]);
    const third = expectStatus(await orgAdmin.post('/clusters', kubeconfigRegistration(gone)), 201, 'register third').body;
    platform.kube.setUnreachable(gone.name, true);
    const query = { requests: { cpu: '1', memory: '1Gi' }, nodeSelector: label };
    const alone = await Promise.all([cluster.id, second.id].map(async (id) => expectStatus(await member.post(`/clusters/${id}/fit`, { ...query, replicas: 1000 }), 200, 'fit alone').body));
    const capacityOfBoth = alone[0].placed + alone[1].placed;

    const fleet = await member.post('/clusters/fit', { ...query, replicas: capacityOfBoth });
    const overfull = await member.post('/clusters/fit', { ...query, replicas: capacityOfBoth + 1 });

    expect(fleet.status).toBe(200);
    expect(fleet.body).toMatchObject({ fits: true, placed: capacityOfBoth });
    expect(fitPerNode(fleet.body, cluster.id)).toEqual(fitPerNode(alone[0]));
    expect(fitPerNode(fleet.body, second.id)).toEqual(fitPerNode(alone[1]));
    expect(new Set(fleet.body.placements.map((p: Json) => p.clusterName))).toEqual(new Set([cluster.name, second.name]));
    expect(fleet.body.skippedClusters).toContain(third.id);
    expect(overfull.body).toMatchObject({ fits: false, placed: capacityOfBoth });
    expect(overfull.body.reasons.length).toBeGreaterThan(0);
  });

  it('answers 400 naming the field for a fit query it cannot read', async () => {
    const badQuantity = await member.post(`/clusters/${cluster.id}/fit`, { requests: { cpu: 'two' } });
    const noReplicas = await member.post('/clusters/fit', { requests: { cpu: '1' }, replicas: 0 });
    const noRequests = await member.post('/clusters/fit', { replicas: 2 });

    expect([badQuantity.status, badQuantity.body.error.details.fields.map((f: Json) => f.field)]).toEqual([400, ['requests.cpu']]);
    expect([noReplicas.status, noReplicas.body.error.details.fields.map((f: Json) => f.field)]).toEqual([400, ['replicas']]);
    expect([noRequests.status, noRequests.body.error.details.fields.map((f: Json) => f.field)]).toEqual([400, ['requests']]);
  });

  it('lets a read-only token ask fit queries (they change nothing) but not run a connection test', async () => {
    const readOnly = platform.admin.as((await createToken(member, ['read'])).token);
    const fit = await readOnly.post(`/clusters/${cluster.id}/fit`, { requests: { cpu: '1' }, replicas: 2 });
    const fleet = await readOnly.post('/clusters/fit', { requests: { cpu: '1' } });
    const test = await readOnly.post(`/clusters/${cluster.id}/test`, {});

    expect([fit.status, fit.body.placed, fleet.status]).toEqual([200, 2, 200]);
    expect([test.status, test.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('never puts a credential in an answer or a log line', () => {
    expect(platform.secrets.leaks()).toEqual([]);
    expect(platform.secrets.seen.answers).toBeGreaterThan(5);
  });
});
