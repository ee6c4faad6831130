// Kubeflow's notebook-controller (kubeflow/notebooks components/notebook-controller): a Notebook
// becomes a StatefulSet of the same name (one replica, pod <name>-0, its template's spec as given —
// GPU requests included — plus the notebook port and NB_PREFIX) and a Service on port 80; the
// kubeflow-resource-stopped annotation scales it to 0. The Notebook's status mirrors the pod:
// readyReplicas, the notebook container's state and the pod's conditions.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import type { Condition } from '../controllers/object.util';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { ensure, owned, servedList, writeStatus } from './operator.util';

export const NOTEBOOK_TYPE = 'notebooks.kubeflow.org';
/** The annotation that stops a notebook (any value), as the Kubeflow UI and culler set it. */
export const STOP_ANNOTATION = 'kubeflow-resource-stopped';
const NOTEBOOK_PORT = 8888;

interface Container {
  name: string;
  ports?: { containerPort: number; name?: string }[];
  env?: { name: string; value?: string }[];
  workingDir?: string;
  [key: string]: unknown;
}

interface NotebookTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Container[]; securityContext?: Record<string, unknown>; [key: string]: unknown };
}

const templateOf = (nb: KubeObject) => ((nb.spec as { template?: NotebookTemplate } | undefined)?.template ?? {}) as NotebookTemplate;

/** The first container, as the controller prepares it: working dir, the notebook port, NB_PREFIX. */
function notebookContainer(nb: KubeObject, container: Container): Container {
  const prefix = `/notebook/${nb.metadata.namespace}/${nb.metadata.name}`;
  const env = [...(container.env ?? []).filter((e) => e.name !== 'NB_PREFIX'), { name: 'NB_PREFIX', value: prefix }];
  const ports = container.ports?.length ? container.ports : [{ containerPort: NOTEBOOK_PORT, name: 'notebook-port', protocol: 'TCP' }];
  return { ...container, workingDir: container.workingDir || '/home/jovyan', ports, env };
}

function podTemplate(nb: KubeObject): Record<string, unknown> {
  const template = templateOf(nb);
  const [first, ...rest] = template.spec?.containers ?? [];
  const containers = first ? [notebookContainer(nb, first), ...rest] : [];
  const spec = { ...template.spec, containers, securityContext: { fsGroup: 100, ...template.spec?.securityContext } };
  const labels = { ...template.metadata?.labels, statefulset: nb.metadata.name ?? '', 'notebook-name': nb.metadata.name ?? '' };
  return { metadata: { ...template.metadata, labels }, spec };
}

function statefulSetSpec(nb: KubeObject): Record<string, unknown> {
  const stopped = nb.metadata.annotations?.[STOP_ANNOTATION] !== undefined;
  return { replicas: stopped ? 0 : 1, selector: { matchLabels: { statefulset: nb.metadata.name } }, serviceName: '', template: podTemplate(nb) };
}

function syncStatefulSet(api: SimApiServer, nb: KubeObject): KubeObject {
  const spec = statefulSetSpec(nb);
  const sts = ensure(api, 'statefulsets.apps', owned(nb, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: nb.metadata.name }, spec }));
  const current = sts.spec as { replicas?: number; template?: unknown };
  if (current.replicas === spec.replicas && JSON.stringify(current.template) === JSON.stringify(spec.template)) return sts;
  return api.update({ ...sts, spec: { ...current, replicas: spec.replicas, template: spec.template } });
}

function service(nb: KubeObject): KubeObject {
  const ports = [{ name: `http-${nb.metadata.name}`, port: 80, targetPort: NOTEBOOK_PORT, protocol: 'TCP' }];
  return owned(nb, { apiVersion: 'v1', kind: 'Service', metadata: { name: nb.metadata.name }, spec: { type: 'ClusterIP', selector: { statefulset: nb.metadata.name }, ports } });
}

/** A pod condition as a NotebookCondition (no null fields: the CRD's schema has none). */
const notebookCondition = (c: Condition): Condition => Object.fromEntries(Object.entries(c).filter(([, value]) => value !== null && value !== undefined)) as Condition;

function statusOf(nb: KubeObject, sts: KubeObject, pod: KubeObject | undefined): Record<string, unknown> {
  const readyReplicas = (sts.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
  if (!pod) return { readyReplicas, containerState: {}, conditions: [] };
  const status = (pod.status ?? {}) as { conditions?: Condition[]; containerStatuses?: { name: string; state?: object }[] };
  const containers = status.containerStatuses ?? [];
  const own = containers.find((c) => c.name === nb.metadata.name) ?? containers[0];
  return { readyReplicas, containerState: own?.state ?? {}, conditions: (status.conditions ?? []).map(notebookCondition) };
}

function reconcileNotebook(api: SimApiServer, nb: KubeObject): void {
  if (nb.metadata.deletionTimestamp) return;
  const sts = syncStatefulSet(api, nb);
  ensure(api, 'services', service(nb));
  const pod = api.get('pods', nb.metadata.namespace, `${nb.metadata.name}-0`);
  const live = pod && !pod.metadata.deletionTimestamp ? pod : undefined;
  writeStatus(api, nb, statusOf(nb, sts, live), true);
}

/** The Notebook controller. */
export function notebookController(api: SimApiServer): ControllerSpec {
  return {
    name: 'kubeflow-notebook-controller',
    watches: [NOTEBOOK_TYPE, 'statefulsets.apps', 'pods'],
    reconcile: () => {
      for (const nb of servedList(api, NOTEBOOK_TYPE)) reconcileNotebook(api, nb);
    },
  };
}
