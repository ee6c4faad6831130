// POST pods/<name>/binding: what a scheduler calls to place a pod on a node.
import { methodNotAllowed, parseObjectBody, sendJson } from './http-util';
import type { Call } from './routes';
import { ApiError, badRequest, notFound } from './status';
import type { KubeObject } from './store';

type Condition = { type: string; status: string; [key: string]: unknown };

function targetNode(binding: KubeObject): string {
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name || (target.kind && target.kind !== 'Node')) throw badRequest('Binding target must be a Node with a name');
  return target.name;
}

function boundPod(call: Call): KubeObject {
  const { rt, namespace, name, subresource } = call.target;
  if (rt.group !== '' || rt.plural !== 'pods' || subresource !== 'binding') throw methodNotAllowed();
  const pod = call.ctx.service.store.get(rt, namespace, name ?? '');
  if (!pod) throw notFound(rt, name ?? '');
  return pod;
}

/** Binds a pod to the node its Binding names; 409 when the pod is bound already. */
export function serveBinding(call: Call): void {
  const { rt, name } = call.target;
  const service = call.ctx.service;
  const pod = boundPod(call);
  const nodeName = targetNode(parseObjectBody(call.body));
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${spec.nodeName}"`, { name, kind: 'pods/binding' });
  const bound = service.update(rt, { ...pod, spec: { ...spec, nodeName } });
  const status = (bound.status ?? {}) as { conditions?: Condition[] };
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: service.now() }];
  service.update(rt, { ...bound, status: { ...status, conditions } }, { subresource: 'status' });
  sendJson(call.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
