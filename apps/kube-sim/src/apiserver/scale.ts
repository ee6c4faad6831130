// The scale subresource of deployments, replicasets and statefulsets: an autoscaling/v1 Scale view
// of spec.replicas that kubectl scale and HPAs read, replace and patch.
import { serveCustomScale } from './custom-scale';
import { isDryRun, parseObjectBody, sendJson } from './http-util';
import { applyPatchOf, parsePatchBody, patchTypeOf } from './patch';
import type { Call } from './routes';
import { notFound } from './status';
import type { KubeObject } from './store';

type Workload = KubeObject & { spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } }; status?: { replicas?: number } };

function scaleOf(obj: Workload): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const labels = obj.spec?.selector?.matchLabels ?? {};
  const selector = Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: { replicas: obj.status?.replicas ?? 0, selector },
  };
}

/** The Scale a PUT or PATCH asks for. */
export function desiredScale(call: Call, current: KubeObject): KubeObject {
  if (call.req.method === 'PUT') return parseObjectBody(call.body);
  const type = patchTypeOf(call.req.headers['content-type']);
  return applyPatchOf(type, current, parsePatchBody(type, call.body));
}

/** GET, PUT and PATCH of <workload>/scale, or of a custom resource's. */
export function serveScale(call: Call): void {
  const paths = call.target.rt.scale;
  return paths ? serveCustomScale(call, paths) : serveWorkloadScale(call);
}

function serveWorkloadScale(call: Call): void {
  const { rt, namespace, name } = call.target;
  const obj = call.ctx.service.store.get(rt, namespace, name ?? '') as Workload | undefined;
  if (!obj) throw notFound(rt, name ?? '');
  const current = scaleOf(obj);
  if (call.req.method === 'GET') return sendJson(call.res, 200, current);
  const desired = desiredScale(call, current) as KubeObject & { spec?: { replicas?: number } };
  const next: Workload = { ...obj, spec: { ...obj.spec, replicas: desired.spec?.replicas ?? obj.spec?.replicas } };
  next.metadata = { ...obj.metadata, resourceVersion: desired.metadata?.resourceVersion || obj.metadata.resourceVersion };
  const updated = call.ctx.service.update(rt, next, { dryRun: isDryRun(call.query) });
  sendJson(call.res, 200, scaleOf(updated as Workload));
}
