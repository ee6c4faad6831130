import type { DeleteRequestOptions } from './deletion';
import { applyWithOwnership, ownNew, recordUpdate, type WriteInfo } from './field-ownership';
import { checkAppliedFields, checkFieldValidation } from './field-validation';
import { managerName } from './managed-fields';
import { isDryRun, methodNotAllowed, parseObjectBody, sendJson } from './http-util';
import { listObjects } from './list';
import { applyPatchOf, parsePatchBody, patchTypeOf, PATCH_TYPES, type PatchType } from './patch';
import type { Call } from './routes';
import { serveScale } from './scale';
import { ApiError, badRequest, notFound } from './status';
import type { KubeObject } from './store';
import { toTable, wantsTable } from './table';

function existing(call: Call): KubeObject {
  const { rt, namespace, name } = call.target;
  const obj = call.ctx.service.store.get(rt, namespace, name ?? '');
  if (!obj) throw notFound(rt, name ?? '');
  return obj;
}

function podLog(call: Call, pod: KubeObject): void {
  const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
  const container = call.query.get('container') ?? containers[0] ?? 'main';
  if (containers.length > 0 && !containers.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  const text = `${pod.metadata.creationTimestamp ?? ''} kube-sim: container ${container} of pod ${pod.metadata.namespace}/${pod.metadata.name} started\n`;
  call.res.writeHead(200, { 'content-type': 'text/plain' });
  call.res.end(text);
}

/** GET of one object, its status, or a pod's log; Table when asked for. */
export function readObject(call: Call): void {
  if (call.target.subresource === 'scale') return serveScale(call);
  const obj = existing(call);
  if (call.target.subresource === 'log') return podLog(call, obj);
  if (call.target.subresource && call.target.subresource !== 'status') throw methodNotAllowed();
  if (!wantsTable(call.req.headers.accept)) return sendJson(call.res, 200, obj);
  const metadata = { resourceVersion: obj.metadata.resourceVersion };
  sendJson(call.res, 200, toTable(call.target.rt, [obj], { now: call.ctx.service.clock(), includeObject: call.query.get('includeObject'), metadata }));
}

function writableSubresource(call: Call): string | undefined {
  const sub = call.target.subresource;
  if (sub && sub !== 'status') throw methodNotAllowed();
  return sub;
}

function pinIdentity(call: Call, obj: KubeObject): void {
  const { rt, namespace, name } = call.target;
  if (obj.metadata.name && obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  if (rt.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.name = name;
  if (rt.namespaced) obj.metadata.namespace = namespace;
}

/** PUT of an object or its status. */
export function updateObject(call: Call): void {
  if (call.target.subresource === 'scale') return serveScale(call);
  const subresource = writableSubresource(call);
  const obj = parseObjectBody(call.body);
  pinIdentity(call, obj);
  checkFieldValidation(call, obj);
  if (!subresource) recordUpdate(existing(call), obj, writeInfo(call));
  sendJson(call.res, 200, call.ctx.service.update(call.target.rt, obj, { subresource, dryRun: isDryRun(call.query) }));
}

/** The manager and time of a write. */
export function writeInfo(call: Call): WriteInfo {
  return { manager: managerName(call.query.get('fieldManager'), call.req.headers['user-agent']), time: call.ctx.service.now() };
}

function patchResult(call: Call, type: PatchType, patch: unknown): KubeObject | undefined {
  if (type === PATCH_TYPES.apply) return applyConfiguration(call, patch);
  const current = existing(call);
  return recordUpdate(current, applyPatchOf(type, current, patch), writeInfo(call));
}

function applyConfiguration(call: Call, patch: unknown): KubeObject | undefined {
  if (!call.query.get('fieldManager')) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  const applied = patch as KubeObject;
  applied.metadata = applied.metadata ?? {};
  pinIdentity(call, applied);
  checkAppliedFields(call, applied);
  const current = call.ctx.service.store.get(call.target.rt, call.target.namespace, call.target.name ?? '');
  const write = { ...writeInfo(call), force: call.query.get('force') === 'true' };
  if (current) return applyWithOwnership(current, applied, write);
  sendJson(call.res, 201, call.ctx.service.create(call.target.rt, ownNew(applied, write, 'Apply'), isDryRun(call.query)));
  return undefined;
}

/**
 * PATCH of an object or its status: json, merge, strategic merge, or server-side apply (simplified:
 * managedFields ownership with conflicts and force, see field-ownership.ts).
 */
export function patchObject(call: Call): void {
  if (call.target.subresource === 'scale') return serveScale(call);
  const subresource = writableSubresource(call);
  const type = patchTypeOf(call.req.headers['content-type']);
  const patch = parsePatchBody(type, call.body);
  const patched = patchResult(call, type, patch);
  if (!patched) return;
  pinIdentity(call, patched);
  checkFieldValidation(call, patched, 'patch');
  sendJson(call.res, 200, call.ctx.service.update(call.target.rt, patched, { subresource, dryRun: isDryRun(call.query) }));
}

const POLICIES = ['Foreground', 'Background', 'Orphan'];

function deleteOptions(call: Call): DeleteRequestOptions {
  const text = call.body.toString('utf8').trim();
  const body = (text ? JSON.parse(text) : {}) as { propagationPolicy?: string; dryRun?: string[]; orphanDependents?: boolean };
  const orphan = body.orphanDependents === true || call.query.get('orphanDependents') === 'true';
  const policy = call.query.get('propagationPolicy') ?? body.propagationPolicy ?? (orphan ? 'Orphan' : undefined);
  if (policy && !POLICIES.includes(policy)) throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  const dryRun = isDryRun(call.query) || (body.dryRun ?? []).includes('All');
  return { propagationPolicy: policy as DeleteRequestOptions['propagationPolicy'], dryRun };
}

function parseDeleteOptions(call: Call): DeleteRequestOptions {
  try {
    return deleteOptions(call);
  } catch (error) {
    if (error instanceof SyntaxError) throw badRequest(`invalid DeleteOptions: ${error.message}`);
    throw error;
  }
}

/** DELETE of one object (finalizers, propagationPolicy, dryRun). */
export function deleteObject(call: Call): void {
  if (call.target.subresource) throw methodNotAllowed();
  const { rt, namespace, name } = call.target;
  sendJson(call.res, 200, call.ctx.service.delete(rt, namespace, name ?? '', parseDeleteOptions(call)));
}

/** DELETE on a collection: deletes what the selectors match, answers the list of deleted objects. */
export function deleteCollection(call: Call): void {
  const options = parseDeleteOptions(call);
  const { rt, namespace } = call.target;
  const listed = listObjects(call.ctx.service, rt, namespace, call.query);
  listed.items = listed.items.flatMap((obj) => {
    const current = call.ctx.service.store.get(rt, obj.metadata.namespace, obj.metadata.name ?? '');
    return current ? [call.ctx.service.delete(rt, obj.metadata.namespace, obj.metadata.name ?? '', options)] : [];
  });
  sendJson(call.res, 200, listed);
}
