// /openapi/v2, /openapi/v3 and /openapi/v3/<group-version> for one cluster. kubectl asks for v2 as
// protobuf first and falls back to JSON on 406; v3's root lists server-relative URLs that kubectl
// requests as they are, so they carry the /clusters/<name> prefix.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../apiserver/resource-types';
import { sendStatus } from '../server/respond';
import { OpenApiDocuments } from './openapi.documents';

/** What serving a cluster's OpenAPI needs. */
export interface OpenApiTarget {
  documents: OpenApiDocuments;
  /** /clusters/<name>, prepended to v3's serverRelativeURLs. */
  prefix: string;
  /** Every resource type the cluster serves, to list its group-versions. */
  types: readonly ResourceType[];
  /** Documents of group-versions defined at run time (custom resources), which the files do not have. */
  custom?: (gvPath: string) => Buffer | undefined;
}

/** Whether a path (cluster prefix stripped) is an OpenAPI document. */
export function isOpenApiPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/');
}

function acceptsJson(accept: string | undefined): boolean {
  return !accept || /json|\*\/\*/.test(accept);
}

function sendDocument(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}

function groupVersionPaths(types: readonly ResourceType[]): string[] {
  const paths = types.map((type) => (type.group === '' ? `api/${type.version}` : `apis/${type.group}/${type.version}`));
  return [...new Set(paths)].sort();
}

function v3Url({ documents, prefix, custom }: OpenApiTarget, gvPath: string): string | undefined {
  const own = custom?.(gvPath);
  if (own) return `${prefix}/openapi/v3/${gvPath}?hash=${createHash('sha512').update(own).digest('hex').toUpperCase()}`;
  return documents.hasV3(gvPath) ? `${prefix}/openapi/v3/${gvPath}?hash=${documents.v3Hash(gvPath)}` : undefined;
}

function v3Root(target: OpenApiTarget): Buffer {
  const entries = groupVersionPaths(target.types).flatMap((gvPath) => {
    const url = v3Url(target, gvPath);
    return url ? [[gvPath, { serverRelativeURL: url }]] : [];
  });
  return Buffer.from(JSON.stringify({ paths: Object.fromEntries(entries) }));
}

function v3Document(target: OpenApiTarget, gvPath: string): Buffer | undefined {
  const served = groupVersionPaths(target.types).includes(gvPath);
  if (!served) return undefined;
  return target.custom?.(gvPath) ?? target.documents.v3(gvPath);
}

/** Answers a GET for an OpenAPI path; 406 for protobuf-only requests, 404 for unknown group-versions. */
export function serveOpenApi(req: IncomingMessage, res: ServerResponse, path: string, target: OpenApiTarget): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendStatus(res, 405, 'MethodNotAllowed', `${req.method} is not allowed on ${path}`);
  if (!acceptsJson(req.headers.accept)) return sendStatus(res, 406, 'NotAcceptable', 'only application/json is served');
  if (path === '/openapi/v2') return sendDocument(res, target.documents.v2());
  if (path === '/openapi/v3') return sendDocument(res, v3Root(target));
  const document = v3Document(target, path.slice('/openapi/v3/'.length));
  if (!document) return sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
  sendDocument(res, document);
}
