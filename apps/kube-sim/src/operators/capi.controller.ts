// Cluster API's Cluster controller, with the infrastructure and control plane providers simulated:
// a new Cluster gets the cluster.cluster.x-k8s.io finalizer and phase Pending; one with an
// infrastructure or control plane reference (or a topology) goes Provisioning, and one operator step
// later its infrastructure is provisioned, its control plane endpoint set and initialized:
// Provisioned. A deleted Cluster shows Deleting for a step before the finalizer is released.
// The status is written in the shape of the object's version (v1beta2, or v1beta1 with v1beta2 inside).
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, type Condition } from '../controllers/object.util';
import type { ControllerSpec, LoopControl } from '../controllers/reconcile-loop';
import { Delays, clockOf, metaCondition, servedList, writeStatus } from './operator.util';

export const CAPI_TYPE = 'clusters.cluster.x-k8s.io';
/** The finalizer Cluster API's Cluster controller puts on every Cluster. */
export const CAPI_FINALIZER = 'cluster.cluster.x-k8s.io';

type Phase = 'Pending' | 'Provisioning' | 'Provisioned' | 'Deleting';

interface CapiSpec {
  infrastructureRef?: object;
  controlPlaneRef?: object;
  topology?: object;
  controlPlaneEndpoint?: { host?: string; port?: number };
}

interface CapiStatus {
  conditions?: Condition[];
  v1beta2?: { conditions?: Condition[] };
  deprecated?: { v1beta1?: { conditions?: Condition[] } };
}

const specOf = (cluster: KubeObject) => (cluster.spec ?? {}) as CapiSpec;
const previousOf = (cluster: KubeObject) => (cluster.status ?? {}) as CapiStatus;
const isV1beta1 = (cluster: KubeObject) => cluster.apiVersion === 'cluster.x-k8s.io/v1beta1';

type Reasons = [trueReason: string, falseReason: string];
const TRUTHS: [type: string, reasons: Reasons, of: (provisioned: boolean) => boolean][] = [
  ['InfrastructureReady', ['Ready', 'NotReady'], (p) => p],
  ['ControlPlaneInitialized', ['Initialized', 'NotInitialized'], (p) => p],
  ['ControlPlaneAvailable', ['Available', 'NotAvailable'], (p) => p],
  ['Available', ['Available', 'NotAvailable'], (p) => p],
];

/** The v1beta2 conditions (metav1.Condition), transition times kept while a status holds. */
interface Observed {
  provisioned: boolean;
  deleting: boolean;
  now: string;
  generation: number;
}

function currentConditions(previous: Condition[] | undefined, { provisioned, deleting, now, generation }: Observed): Condition[] {
  let conditions = previous;
  for (const [type, [yes, no], of] of TRUTHS) {
    const status = of(provisioned) ? ('True' as const) : ('False' as const);
    conditions = metaCondition(conditions, { type, status, reason: status === 'True' ? yes : no, message: '' }, now, generation);
  }
  const deletion = deleting ? { type: 'Deleting', status: 'True' as const, reason: 'Deleting', message: 'Deleting the simulated infrastructure' } : { type: 'Deleting', status: 'False' as const, reason: 'NotDeleting', message: '' };
  return metaCondition(conditions, deletion, now, generation);
}

/** The v1beta1 conditions (clusterv1.Conditions): False ones carry a severity and a reason. */
function legacyConditions(previous: Condition[] | undefined, provisioned: boolean, now: string): Condition[] {
  const of = (type: string, waiting: string): Condition =>
    provisioned ? { type, status: 'True', lastTransitionTime: now } : { type, status: 'False', severity: 'Info', reason: waiting, lastTransitionTime: now };
  const next = [of('Ready', 'WaitingForInfrastructure'), of('ControlPlaneInitialized', 'WaitingForControlPlaneProviderInitialized'), of('ControlPlaneReady', 'WaitingForControlPlane'), of('InfrastructureReady', 'WaitingForInfrastructure')];
  return next.map((c) => {
    const kept = previous?.find((p) => p.type === c.type);
    return kept?.status === c.status ? { ...c, lastTransitionTime: kept.lastTransitionTime } : c;
  });
}

function statusFor(api: SimApiServer, cluster: KubeObject, phase: Phase): Record<string, unknown> {
  const now = isoNow(api);
  const generation = cluster.metadata.generation ?? 1;
  const provisioned = phase === 'Provisioned' || (phase === 'Deleting' && previousOf(cluster).conditions?.some((c) => c.type === 'InfrastructureReady' && c.status === 'True') === true);
  const previous = previousOf(cluster);
  const observed = { provisioned, deleting: phase === 'Deleting', now, generation };
  if (isV1beta1(cluster)) {
    const v1beta2 = { conditions: currentConditions(previous.v1beta2?.conditions, observed) };
    return { phase, observedGeneration: generation, infrastructureReady: provisioned, controlPlaneReady: provisioned, conditions: legacyConditions(previous.conditions, provisioned, now), v1beta2 };
  }
  const deprecated = { v1beta1: { conditions: legacyConditions(previous.deprecated?.v1beta1?.conditions, provisioned, now) } };
  const conditions = currentConditions(previous.conditions, observed);
  return { phase, observedGeneration: generation, initialization: { infrastructureProvisioned: provisioned, controlPlaneInitialized: provisioned }, conditions, deprecated };
}

interface CapiContext {
  api: SimApiServer;
  control: LoopControl;
  delays: Delays;
  stepDelayMs: number;
}

/** What the simulated providers did by now: provisioning takes one step after the Cluster asks for it. */
function phaseOf(ctx: CapiContext, cluster: KubeObject): Phase {
  const spec = specOf(cluster);
  if (!spec.infrastructureRef && !spec.controlPlaneRef && !spec.topology) return 'Pending';
  if ((cluster.status as { phase?: string } | undefined)?.phase === 'Provisioned') return 'Provisioned';
  return ctx.delays.elapsed(`${cluster.metadata.uid}/provision`, ctx.stepDelayMs, ctx.control) ? 'Provisioned' : 'Provisioning';
}

function setEndpoint(api: SimApiServer, cluster: KubeObject): boolean {
  if (specOf(cluster).controlPlaneEndpoint?.host) return false;
  const controlPlaneEndpoint = { host: `${cluster.metadata.name}.${cluster.metadata.namespace}.capi.kube-sim.local`, port: 6443 };
  api.update({ ...cluster, spec: { ...specOf(cluster), controlPlaneEndpoint } });
  return true;
}

function release(ctx: CapiContext, cluster: KubeObject): void {
  writeStatus(ctx.api, cluster, statusFor(ctx.api, cluster, 'Deleting'));
  if (!ctx.delays.elapsed(`${cluster.metadata.uid}/delete`, ctx.stepDelayMs, ctx.control)) return;
  const current = ctx.api.get(CAPI_TYPE, cluster.metadata.namespace, cluster.metadata.name ?? '');
  if (current) ctx.api.update({ ...current, metadata: { ...current.metadata, finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== CAPI_FINALIZER) } });
}

/** A new Cluster: the finalizer, and phase Pending. */
function adopt(ctx: CapiContext, cluster: KubeObject): void {
  const added = ctx.api.update({ ...cluster, metadata: { ...cluster.metadata, finalizers: [...(cluster.metadata.finalizers ?? []), CAPI_FINALIZER] } });
  writeStatus(ctx.api, added, statusFor(ctx.api, added, 'Pending'));
}

function reconcileCluster(ctx: CapiContext, cluster: KubeObject): void {
  const finalized = cluster.metadata.finalizers?.includes(CAPI_FINALIZER) ?? false;
  if (cluster.metadata.deletionTimestamp) return finalized ? release(ctx, cluster) : undefined;
  if (!finalized) return adopt(ctx, cluster);
  const phase = (cluster.status as { phase?: string } | undefined)?.phase ? phaseOf(ctx, cluster) : 'Pending';
  if (phase === 'Provisioned' && setEndpoint(ctx.api, cluster)) return;
  writeStatus(ctx.api, cluster, statusFor(ctx.api, cluster, phase));
}

/** The Cluster API Cluster controller, its providers simulated with steps of `stepDelayMs`. */
export function capiClusterController(stepDelayMs: number): (api: SimApiServer) => ControllerSpec {
  return (api) => {
    const delays = new Delays(clockOf(api));
    return {
      name: 'capi-cluster-controller',
      watches: [CAPI_TYPE],
      reconcile: (control) => {
        const clusters = servedList(api, CAPI_TYPE);
        delays.retain(new Set(clusters.map((c) => c.metadata.uid ?? '')));
        for (const cluster of clusters) reconcileCluster({ api, control, delays, stepDelayMs }, cluster);
      },
    };
  };
}
