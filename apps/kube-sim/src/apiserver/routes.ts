import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveBinding } from './binding';
import { ownNew } from './field-ownership';
import { checkFieldValidation } from './field-validation';
import { deleteCollection, deleteObject, patchObject, readObject, updateObject, writeInfo } from './handlers';
import { isDryRun, methodNotAllowed, parseObjectBody, sendError, sendJson } from './http-util';
import { listObjects, sendList } from './list';
import { parsePath, pathNotFound, type Target } from './paths';
import type { ResourceService } from './resources';
import { compileSelector } from './selectors';
import { badRequest } from './status';
import { toTable, wantsTable } from './table';
import { serveWatch } from './watch';

/** What the routes need from their SimApiServer. */
export interface RouteContext {
  service: ResourceService;
  bookmarkIntervalMs: number;
}

/** One resource request, parsed. */
export interface Call {
  ctx: RouteContext;
  req: IncomingMessage;
  res: ServerResponse;
  target: Target;
  query: URLSearchParams;
  body: Buffer;
}

type Handler = (call: Call) => Promise<void> | void;

const isWatch = (call: Call) => call.target.watch || ['1', 't', 'true'].includes((call.query.get('watch') ?? '').toLowerCase());

function watch(call: Call): Promise<void> {
  const { target, query } = call;
  const byName = target.name ? `metadata.name=${target.name}` : null;
  const fieldSelector = [query.get('fieldSelector'), byName].filter(Boolean).join(',') || null;
  const timeout = query.get('timeoutSeconds');
  return serveWatch(call.ctx.service, call.res, {
    rt: target.rt,
    namespace: target.namespace,
    selector: compileSelector(query.get('labelSelector'), fieldSelector),
    resourceVersion: query.get('resourceVersion'),
    allowBookmarks: ['1', 't', 'true'].includes((query.get('allowWatchBookmarks') ?? '').toLowerCase()),
    timeoutSeconds: timeout ? Number(timeout) : undefined,
    bookmarkIntervalMs: call.ctx.bookmarkIntervalMs,
    table: wantsTable(call.req.headers.accept) ? { includeObject: query.get('includeObject'), now: call.ctx.service.clock } : undefined,
  });
}

function list(call: Call): Promise<void> | void {
  if (isWatch(call)) return watch(call);
  const result = listObjects(call.ctx.service, call.target.rt, call.target.namespace, call.query);
  if (!wantsTable(call.req.headers.accept)) return sendList(call.res, result);
  const table = toTable(call.target.rt, result.items, { now: call.ctx.service.clock(), includeObject: call.query.get('includeObject'), metadata: result.metadata });
  sendJson(call.res, 200, table);
}

function create(call: Call): void {
  const { rt, namespace } = call.target;
  if (rt.namespaced && !namespace) throw methodNotAllowed();
  const obj = parseObjectBody(call.body);
  if (rt.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (rt.namespaced) obj.metadata.namespace = namespace;
  checkFieldValidation(call, obj);
  sendJson(call.res, 201, call.ctx.service.create(rt, ownNew(obj, writeInfo(call), 'Update'), isDryRun(call.query)));
}

function get(call: Call): Promise<void> | void {
  if (isWatch(call)) return watch(call);
  return readObject(call);
}

const COLLECTION: Record<string, Handler> = { GET: list, POST: create, DELETE: deleteCollection };
const NAMED: Record<string, Handler> = { GET: get, POST: serveBinding, PUT: updateObject, PATCH: patchObject, DELETE: deleteObject };

/** The raw request as the server shell hands it over. */
export interface RawRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Kubernetes path without the cluster prefix, with its query string. */
  path: string;
  body: Buffer;
}

async function dispatch(ctx: RouteContext, { req, res, path, body }: RawRequest): Promise<void> {
  const url = new URL(path, 'http://kube-sim.invalid');
  const target = parsePath(ctx.service, url.pathname);
  if (target.rt.namespaced && target.namespace === undefined && target.name) throw pathNotFound();
  const handler = (target.name ? NAMED : COLLECTION)[req.method ?? 'GET'];
  if (!handler) throw methodNotAllowed();
  await handler({ ctx, req, res, target, query: url.searchParams, body });
}

/** Serves one resource request; every error becomes a Status body with its code. */
export async function routeRequest(ctx: RouteContext, raw: RawRequest): Promise<void> {
  try {
    await dispatch(ctx, raw);
  } catch (error) {
    sendError(raw.res, error);
  }
}
