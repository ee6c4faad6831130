// The scale subresource of a custom resource whose CRD version declares one: an autoscaling/v1
// Scale view of the fields its specReplicasPath, statusReplicasPath and labelSelectorPath name.
import { isDryRun, sendJson } from './http-util';
import type { Call } from './routes';
import { desiredScale } from './scale';
import { notFound } from './status';
import { clone, type KubeObject } from './store';

/** The `subresources.scale` of a CRD version (dotted paths such as .spec.replicas). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

const keysOf = (path: string) => path.replace(/^\./, '').split('.');
const field = (node: unknown, key: string): unknown => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined);
const read = (obj: KubeObject, path: string | undefined) => (path ? keysOf(path).reduce(field, obj) : undefined);

function write(obj: KubeObject, path: string, value: unknown): void {
  const keys = keysOf(path);
  const last = keys.pop() ?? '';
  let node = obj as Record<string, unknown>;
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

function scaleOf(obj: KubeObject, paths: ScalePaths): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: read(obj, paths.specReplicasPath) ?? 0 },
    status: { replicas: read(obj, paths.statusReplicasPath) ?? 0, selector: read(obj, paths.labelSelectorPath) ?? '' },
  };
}

/** GET, PUT and PATCH of <custom resource>/scale. */
export function serveCustomScale(call: Call, paths: ScalePaths): void {
  const { rt, namespace, name } = call.target;
  const obj = call.ctx.service.store.get(rt, namespace, name ?? '');
  if (!obj) throw notFound(rt, name ?? '');
  const current = scaleOf(obj, paths);
  if (call.req.method === 'GET') return sendJson(call.res, 200, current);
  const desired = desiredScale(call, current) as KubeObject & { spec?: { replicas?: number } };
  const next = clone(obj);
  write(next, paths.specReplicasPath, desired.spec?.replicas ?? read(obj, paths.specReplicasPath));
  next.metadata.resourceVersion = desired.metadata?.resourceVersion || obj.metadata.resourceVersion;
  const updated = call.ctx.service.update(rt, next, { dryRun: isDryRun(call.query) });
  sendJson(call.res, 200, scaleOf(updated, paths));
}
