// kube-sim for e2e suites: one simulator per suite (its own data dir and port), clusters of any
// flavour created in it, and what a user registering them would hold: the kubeconfig text, the
// server URL, the bearer token and the CA. Clients (client-node) are built from that kubeconfig.
/* eslint-disable @nx/enforce-module-boundaries -- the e2e harness boots apps in-process (see platform.ts) */
import { CoreV1Api, RbacAuthorizationV1Api, type V1PolicyRule, type V1Pod } from '@kubernetes/client-node';
import { FLAVOURS, type FlavourName, type KubeSim, type NodeSpec } from '@flotilla/app-kube-sim';
import { startSimUnderTest } from '@flotilla/app-kube-sim/testing';
import { uniqueName } from './tenants';

export { FLAVOURS, type FlavourName, type NodeSpec };

/** One simulated cluster, as its owner holds it. */
export interface SimClusterHandle {
  /** Name inside kube-sim (unique per suite run). */
  name: string;
  flavour: FlavourName;
  /** The kubeconfig YAML kube-sim wrote for it (sensitive: it holds the token). */
  kubeconfig: string;
  /** API server URL (https://127.0.0.1:<port>/clusters/<name>). */
  server: string;
  /** Bearer token (sensitive). */
  token: string;
  /** PEM of the CA its serving certificate chains to. */
  caPem: string;
  /** A client-node CoreV1Api on the cluster, from its kubeconfig. */
  core: CoreV1Api;
  /** A client-node RbacAuthorizationV1Api on the cluster, from its kubeconfig. */
  rbac: RbacAuthorizationV1Api;
}

/** A kube-sim of the suite. */
export interface SimClusters {
  sim: KubeSim;
  /** Creates a cluster of `flavour` with these nodes (default: two of 4 cpu / 16Gi). */
  create(flavour: FlavourName, nodes?: NodeSpec[], name?: string): Promise<SimClusterHandle>;
  /** Makes a cluster drop every connection (or serve again). */
  setUnreachable(name: string, unreachable: boolean): void;
  close(): Promise<void>;
}

/** Starts a kube-sim on a free port with no default cluster; clean up with `close()`. */
export async function startSimClusters(): Promise<SimClusters> {
  const harness = await startSimUnderTest();
  const { sim } = harness;
  return {
    sim,
    async create(flavour, nodes, name = uniqueName(`sim-${flavour}`)) {
      const cluster = await harness.cluster(flavour, nodes, name);
      const kc = harness.kubeConfig(cluster);
      return {
        name,
        flavour,
        kubeconfig: sim.registry.kubeconfig(cluster),
        server: cluster.server,
        token: cluster.token,
        caPem: sim.pki.caCertPem,
        core: kc.makeApiClient(CoreV1Api),
        rbac: kc.makeApiClient(RbacAuthorizationV1Api),
      };
    },
    setUnreachable(name, unreachable) {
      sim.registry.get(name).faults.unreachable = unreachable;
    },
    close: () => harness.close(),
  };
}

/** A pod with one container requesting `requests`, optionally tolerating and selecting. */
export function podWith(name: string, requests: Record<string, string>, extra: Partial<NonNullable<V1Pod['spec']>> = {}): V1Pod {
  return { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests, limits: gpuLimits(requests) } }], ...extra } };
}

/** Extended resources (GPUs) must have limits equal to requests, as the API server demands. */
function gpuLimits(requests: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(requests).filter(([resource]) => resource.includes('/')));
}

/** Waits until kube-sim's scheduler has decided on every pod: bound (node name) or Unschedulable (null). */
export async function placements(core: CoreV1Api, namespace: string, names: string[], timeoutMs = 20_000): Promise<Map<string, string | null>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pods = (await core.listNamespacedPod({ namespace })).items.filter((pod) => names.includes(pod.metadata!.name!));
    const decided = pods.filter((pod) => pod.spec?.nodeName || unschedulable(pod));
    if (decided.length === names.length) return new Map(pods.map((pod) => [pod.metadata!.name!, pod.spec?.nodeName ?? null]));
    if (Date.now() > deadline) throw new Error(`kube-sim did not schedule ${names.length - decided.length} of ${names.length} pods in ${namespace}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function unschedulable(pod: V1Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/**
 * What a cluster admin hands Flotilla on a real cluster: a service account in kube-system bound to a
 * ClusterRole of `rules`, and a token for it from the TokenRequest API (sensitive).
 */
export async function serviceAccountToken(cluster: SimClusterHandle, name: string, rules: V1PolicyRule[]): Promise<string> {
  await cluster.core.createNamespacedServiceAccount({ namespace: 'kube-system', body: { metadata: { name } } }).catch(async () => {
    await cluster.core.createNamespace({ body: { metadata: { name: 'kube-system' } } });
    await cluster.core.createNamespacedServiceAccount({ namespace: 'kube-system', body: { metadata: { name } } });
  });
  await cluster.rbac.createClusterRole({ body: { metadata: { name }, rules } });
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name };
  await cluster.rbac.createClusterRoleBinding({ body: { metadata: { name }, roleRef, subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }] } });
  const request = await cluster.core.createNamespacedServiceAccountToken({ namespace: 'kube-system', name, body: { spec: { expirationSeconds: 3600 } } });
  if (!request.status?.token) throw new Error(`no token for service account ${name}`);
  return request.status.token;
}
