import { jsonPathValue, type PrinterColumn } from './printer-columns';
import type { ResourceType } from './resource-types';
import type { KubeObject } from './store';

/** A meta.k8s.io/v1 Table column. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A meta.k8s.io/v1 Table, what kubectl get asks for. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object?: unknown }[];
}

type Cell = (obj: KubeObject, now: Date) => unknown;
type Column = [name: string, cell: Cell, priority?: number, type?: string];

/** Whether an Accept header asks for a meta.k8s.io/v1 Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept) && /v=v1(?!beta)/.test(accept);
}

/** kubectl's short age: 45s, 12m, 5h, 3d. */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const get = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), obj);
const num = (obj: KubeObject, path: string) => Number(get(obj, path) ?? 0);
type ContainerStatus = { ready?: boolean; restartCount?: number };
const containerStatuses = (pod: KubeObject) => (get(pod, 'status.containerStatuses') as ContainerStatus[] | undefined) ?? [];

type ContainerState = { waiting?: { reason?: string }; terminated?: { reason?: string } };

/** kubectl's STATUS: a container's waiting or terminated reason (CrashLoopBackOff, ContainerCreating, Error) over the phase. */
function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const states = ((get(pod, 'status.containerStatuses') as { state?: ContainerState }[] | undefined) ?? []).map((c) => c.state ?? {});
  const container = states.map((state) => state.waiting?.reason ?? state.terminated?.reason).find((reason) => reason);
  return String(container ?? get(pod, 'status.reason') ?? get(pod, 'status.phase') ?? 'Pending');
}

function nodeStatus(node: KubeObject): string {
  const conditions = (get(node, 'status.conditions') as { type: string; status: string }[] | undefined) ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  // as kubectl prints it: any Ready status but True (False or Unknown) is NotReady; no Ready condition is Unknown
  const base = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return get(node, 'spec.unschedulable') ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((label) => label.startsWith('node-role.kubernetes.io/'))
    .map((label) => label.slice('node-role.kubernetes.io/'.length));
  return roles.length > 0 ? roles.join(',') : '<none>';
}

function nodeAddress(node: KubeObject, type: string): string {
  const addresses = (get(node, 'status.addresses') as { type: string; address: string }[] | undefined) ?? [];
  return addresses.find((address) => address.type === type)?.address ?? '<none>';
}

const age: Column = ['Age', (obj, now) => humanAge(obj.metadata.creationTimestamp, now)];

const COLUMNS: Record<string, Column[]> = {
  pods: [
    ['Ready', (p) => `${containerStatuses(p).filter((c) => c.ready).length}/${((get(p, 'spec.containers') as unknown[]) ?? []).length}`],
    ['Status', podStatus],
    ['Restarts', (p) => containerStatuses(p).reduce((sum, c) => sum + (c.restartCount ?? 0), 0), 0, 'integer'],
    age,
    ['IP', (p) => get(p, 'status.podIP') ?? '<none>', 1],
    ['Node', (p) => get(p, 'spec.nodeName') ?? '<none>', 1],
  ],
  nodes: [
    ['Status', nodeStatus],
    ['Roles', nodeRoles],
    age,
    ['Version', (n) => get(n, 'status.nodeInfo.kubeletVersion') ?? ''],
    ['Internal-IP', (n) => nodeAddress(n, 'InternalIP'), 1],
    ['External-IP', (n) => nodeAddress(n, 'ExternalIP'), 1],
    ['OS-Image', (n) => get(n, 'status.nodeInfo.osImage') ?? '<unknown>', 1],
    ['Kernel-Version', (n) => get(n, 'status.nodeInfo.kernelVersion') ?? '<unknown>', 1],
    ['Container-Runtime', (n) => get(n, 'status.nodeInfo.containerRuntimeVersion') ?? '<unknown>', 1],
  ],
  deployments: [
    ['Ready', (d) => `${num(d, 'status.readyReplicas')}/${num(d, 'spec.replicas')}`],
    ['Up-to-date', (d) => num(d, 'status.updatedReplicas'), 0, 'integer'],
    ['Available', (d) => num(d, 'status.availableReplicas'), 0, 'integer'],
    age,
  ],
  namespaces: [['Status', (n) => get(n, 'status.phase') ?? 'Active'], age],
  configmaps: [['Data', (c) => Object.keys((get(c, 'data') as object) ?? {}).length, 0, 'integer'], age],
  secrets: [['Type', (s) => get(s, 'type') ?? 'Opaque'], ['Data', (s) => Object.keys((get(s, 'data') as object) ?? {}).length, 0, 'integer'], age],
  services: [['Type', (s) => get(s, 'spec.type') ?? 'ClusterIP'], ['Cluster-IP', (s) => get(s, 'spec.clusterIP') ?? '<none>'], age],
};

function eventSource(event: KubeObject): string {
  const component = get(event, 'source.component') || get(event, 'reportingComponent') || '';
  const host = get(event, 'source.host') || get(event, 'reportingInstance') || '';
  return host ? `${component}, ${host}` : String(component);
}

const firstSeen = (e: KubeObject, now: Date) => humanAge((get(e, 'firstTimestamp') ?? get(e, 'eventTime')) as string | undefined, now);

/** The columns of upstream's event printer: NAME comes last, in -o wide, and COUNT shows the repeats. */
const EVENT_COLUMNS: Column[] = [
  ['Last Seen', (e, now) => (get(e, 'lastTimestamp') ? humanAge(get(e, 'lastTimestamp') as string, now) : firstSeen(e, now))],
  ['Type', (e) => get(e, 'type') ?? ''],
  ['Reason', (e) => get(e, 'reason') ?? ''],
  ['Object', (e) => [String(get(e, 'involvedObject.kind') ?? '').toLowerCase(), get(e, 'involvedObject.name')].filter(Boolean).join('/')],
  ['Subobject', (e) => get(e, 'involvedObject.fieldPath') ?? '', 1],
  ['Source', eventSource, 1],
  ['Message', (e) => String(get(e, 'message') ?? '').trim()],
  ['First Seen', firstSeen, 1],
  ['Count', (e) => Number(get(e, 'count') ?? 0) || 1, 1],
  ['Name', (e) => e.metadata.name ?? '', 1],
];

function printerColumn(column: PrinterColumn): Column {
  const cell: Cell = (obj, now) => {
    const value = jsonPathValue(obj, column.jsonPath);
    return column.type === 'date' && typeof value === 'string' ? humanAge(value, now) : (value ?? null);
  };
  return [column.name, cell, column.priority, column.type === 'date' ? 'string' : column.type];
}

function columnsFor(rt: ResourceType): Column[] {
  const name: Column = ['Name', (obj) => obj.metadata.name ?? ''];
  if (rt.group === '' && rt.plural === 'events') return EVENT_COLUMNS;
  if (rt.printerColumns) return [name, ...rt.printerColumns.map(printerColumn)];
  return [name, ...((rt.group === '' || rt.group === 'apps' ? COLUMNS[rt.plural] : undefined) ?? [age])];
}

function rowObject(obj: KubeObject, includeObject: string | null): unknown {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Renders objects as a Table with NAME, AGE and per-type columns; rows carry PartialObjectMetadata by default. */
export function toTable(rt: ResourceType, objs: KubeObject[], options: { now: Date; includeObject: string | null; metadata: Table['metadata'] }): Table {
  const columns = columnsFor(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.metadata,
    columnDefinitions: columns.map(([name, , priority, type]) => ({
      name,
      type: type ?? 'string',
      format: name === 'Name' ? 'name' : '',
      description: name === 'Name' ? 'Name must be unique within a namespace.' : name,
      priority: priority ?? 0,
    })),
    rows: objs.map((obj) => ({ cells: columns.map(([, cell]) => cell(obj, options.now)), object: rowObject(obj, options.includeObject) })),
  };
}
