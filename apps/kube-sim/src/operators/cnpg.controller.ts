// The CloudNativePG operator for postgresql.cnpg.io Clusters: the primary first, then one replica at
// a time once the instances before it are ready (phase "Setting up primary" → "Creating a new
// replica" → "Cluster in healthy state"); scaling removes the newest replica with its PVC; a deleted
// instance pod comes back on its PVC; the cnpg.io/hibernation annotation ("on") deletes every pod,
// keeps the PVCs, and "off" (or no annotation) brings the instances back.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, type Condition } from '../controllers/object.util';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { isPodReady } from '../controllers/resource-math.util';
import { CLUSTER_LABEL, CNPG_DEFAULT_IMAGE, appSecret, boundStatus, clusterServices, cnpgSpec, instanceName, instancePod, instancePvc } from './cnpg-objects';
import { deleteIfPresent, ensure, metaCondition, ownedBy, servedList, writeStatus } from './operator.util';

export const CNPG_TYPE = 'clusters.postgresql.cnpg.io';
const HIBERNATION = 'cnpg.io/hibernation';

/** CNPG's phases (api/v1 cluster_types.go). */
export const CNPG_PHASES = {
  primary: 'Setting up primary',
  replica: 'Creating a new replica',
  waiting: 'Waiting for the instances to become active',
  healthy: 'Cluster in healthy state',
  hibernated: 'Cluster in hibernation',
} as const;

interface CnpgStatus {
  phase?: string;
  latestGeneratedNode?: number;
  targetPrimary?: string;
  currentPrimary?: string;
  currentPrimaryTimestamp?: string;
  targetPrimaryTimestamp?: string;
  conditions?: Condition[];
}

/** One Cluster's instances: serial → pod and PVC. */
interface Instances {
  cluster: KubeObject;
  pods: Map<number, KubeObject>;
  pvcs: Map<number, KubeObject>;
}

const statusOf = (cluster: KubeObject) => (cluster.status ?? {}) as CnpgStatus;
const serialOf = (cluster: KubeObject, obj: KubeObject) => Number((obj.metadata.name ?? '').slice((cluster.metadata.name ?? '').length + 1));
const serials = (inst: Instances) => [...inst.pvcs.keys()].sort((a, b) => a - b);

function instancesOf(api: SimApiServer, cluster: KubeObject): Instances {
  const bySerial = (objs: KubeObject[]) => new Map(objs.filter((o) => o.metadata.labels?.[CLUSTER_LABEL] === cluster.metadata.name).map((o) => [serialOf(cluster, o), o]));
  return { cluster, pods: bySerial(ownedBy(api, 'pods', cluster)), pvcs: bySerial(ownedBy(api, 'persistentvolumeclaims', cluster)) };
}

/** The primary's serial: the target primary while its PVC exists, else the oldest instance. */
function primarySerial(inst: Instances): number | undefined {
  const target = statusOf(inst.cluster).targetPrimary;
  const serial = target ? serialOf(inst.cluster, { metadata: { name: target } }) : NaN;
  return inst.pvcs.has(serial) ? serial : serials(inst)[0];
}

function addInstance(api: SimApiServer, inst: Instances, serial: number, role: 'primary' | 'replica'): void {
  const pvc = ensure(api, 'persistentvolumeclaims', instancePvc(inst.cluster, serial));
  if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Bound') api.updateStatus({ ...pvc, status: boundStatus(pvc) });
  inst.pvcs.set(serial, pvc);
  inst.pods.set(serial, api.create(instancePod(inst.cluster, serial, role)));
}

/** The newest replica (never the primary) goes, pod and PVC. */
function scaleDown(api: SimApiServer, inst: Instances): void {
  const victim = serials(inst).filter((s) => s !== primarySerial(inst)).pop();
  if (victim === undefined) return;
  for (const obj of [inst.pods.get(victim), inst.pvcs.get(victim)]) if (obj) deleteIfPresent(api, obj.kind === 'Pod' ? 'pods' : 'persistentvolumeclaims', obj);
  inst.pods.delete(victim);
  inst.pvcs.delete(victim);
}

/** Pods back for instances whose PVC outlived them, then one new instance once all are ready. */
function run(api: SimApiServer, inst: Instances): void {
  const want = cnpgSpec(inst.cluster).instances ?? 1;
  if (inst.pvcs.size > want) return scaleDown(api, inst);
  const primary = primarySerial(inst);
  for (const serial of serials(inst).filter((s) => !inst.pods.has(s))) {
    inst.pods.set(serial, api.create(instancePod(inst.cluster, serial, serial === primary ? 'primary' : 'replica')));
  }
  if (inst.pvcs.size >= want || ![...inst.pods.values()].every(isPodReady)) return;
  const next = Math.max(statusOf(inst.cluster).latestGeneratedNode ?? 0, ...serials(inst)) + 1;
  addInstance(api, inst, next, primary === undefined ? 'primary' : 'replica');
}

function hibernate(api: SimApiServer, inst: Instances): void {
  for (const pod of inst.pods.values()) deleteIfPresent(api, 'pods', pod);
}

function phaseOf(inst: Instances, hibernating: boolean, primaryReady: boolean): string {
  if (hibernating) return CNPG_PHASES.hibernated;
  const ready = [...inst.pods.values()].filter(isPodReady).length;
  const want = cnpgSpec(inst.cluster).instances ?? 1;
  if (!primaryReady) return CNPG_PHASES.primary;
  const newest = inst.pods.get(serials(inst).at(-1) ?? NaN);
  if (inst.pvcs.size < want || (newest && !isPodReady(newest) && statusOf(inst.cluster).phase === CNPG_PHASES.replica)) return CNPG_PHASES.replica;
  return ready < inst.pvcs.size ? CNPG_PHASES.waiting : CNPG_PHASES.healthy;
}

function conditionsOf(inst: Instances, phase: string, now: string, pods: number): Condition[] {
  const previous = statusOf(inst.cluster).conditions;
  const healthy = phase === CNPG_PHASES.healthy;
  const ready = healthy
    ? { type: 'Ready', status: 'True' as const, reason: 'ClusterIsReady', message: 'Cluster is Ready' }
    : { type: 'Ready', status: 'False' as const, reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' };
  const conditions = metaCondition(previous, ready, now).filter((c) => c.type !== HIBERNATION);
  if (phase !== CNPG_PHASES.hibernated) return conditions;
  const hibernation = pods > 0
    ? { type: HIBERNATION, status: 'False' as const, reason: 'DeletingPods', message: 'Hibernation is in progress' }
    : { type: HIBERNATION, status: 'True' as const, reason: 'Hibernated', message: 'Cluster has been hibernated' };
  return [...conditions, ...metaCondition(previous, hibernation, now).filter((c) => c.type === HIBERNATION)];
}

/** A primary's name and since when it has held that role. */
function since(name: string | undefined, previous: string | undefined, previousAt: string | undefined, now: string): [string, string] | [] {
  if (!name) return [];
  return [name, name === previous ? (previousAt ?? now) : now];
}

function primaryFields(inst: Instances, now: string): { primaryReady: boolean; fields: CnpgStatus } {
  const previous = statusOf(inst.cluster);
  const serial = primarySerial(inst);
  const pod = serial === undefined ? undefined : inst.pods.get(serial);
  const primaryReady = pod !== undefined && isPodReady(pod);
  const [targetPrimary, targetPrimaryTimestamp] = since(serial === undefined ? previous.targetPrimary : instanceName(inst.cluster, serial), previous.targetPrimary, previous.targetPrimaryTimestamp, now);
  const [currentPrimary, currentPrimaryTimestamp] = since(primaryReady ? pod.metadata.name : previous.currentPrimary, previous.currentPrimary, previous.currentPrimaryTimestamp, now);
  return { primaryReady, fields: { targetPrimary, targetPrimaryTimestamp, currentPrimary, currentPrimaryTimestamp } };
}

function statusFor(api: SimApiServer, inst: Instances, hibernating: boolean): Record<string, unknown> {
  const now = isoNow(api);
  const name = inst.cluster.metadata.name ?? '';
  const pods = [...inst.pods.values()];
  const ready = pods.filter(isPodReady).map((p) => p.metadata.name ?? '');
  const { primaryReady, fields } = primaryFields(inst, now);
  const phase = phaseOf(inst, hibernating, primaryReady);
  const pvcNames = serials(inst).map((s) => instanceName(inst.cluster, s));
  const status: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    instances: pods.length,
    readyInstances: ready.length,
    instanceNames: pods.map((p) => p.metadata.name ?? '').sort(),
    instancesStatus: ready.length > 0 ? { healthy: ready.sort() } : {},
    latestGeneratedNode: Math.max(statusOf(inst.cluster).latestGeneratedNode ?? 0, ...serials(inst), 0),
    phase,
    conditions: conditionsOf(inst, phase, now, pods.length),
    image: cnpgSpec(inst.cluster).imageName ?? CNPG_DEFAULT_IMAGE,
    pvcCount: pvcNames.length,
    healthyPVC: pvcNames,
    writeService: `${name}-rw`,
    readService: `${name}-r`,
    selector: `${CLUSTER_LABEL}=${name}`,
    timelineID: 1,
  };
  return status;
}

function reconcileCluster(api: SimApiServer, cluster: KubeObject): void {
  if (cluster.metadata.deletionTimestamp) return;
  for (const svc of clusterServices(cluster)) ensure(api, 'services', svc);
  ensure(api, 'secrets', appSecret(cluster));
  const inst = instancesOf(api, cluster);
  const hibernating = cluster.metadata.annotations?.[HIBERNATION] === 'on';
  if (hibernating) hibernate(api, inst);
  else run(api, inst);
  writeStatus(api, cluster, statusFor(api, hibernating ? instancesOf(api, cluster) : inst, hibernating));
}

/** The CloudNativePG operator's Cluster controller. */
export function cnpgController(api: SimApiServer): ControllerSpec {
  return {
    name: 'cnpg-cluster-controller',
    watches: [CNPG_TYPE, 'pods', 'persistentvolumeclaims'],
    reconcile: () => {
      for (const cluster of servedList(api, CNPG_TYPE)) reconcileCluster(api, cluster);
    },
  };
}
