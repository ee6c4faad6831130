import type { ServerResponse } from 'node:http';
import { ApiError, badRequest, statusOf } from './status';
import type { KubeObject } from './store';

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes the Status body of an error (or ends a stream already under way). */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const status = statusOf(error);
  sendJson(res, status.code, status);
}

/** Parses a JSON request body into an object with metadata; 400 when it is not one. */
export function parseObjectBody(body: Buffer): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || 'null');
  } catch (error) {
    throw badRequest(`the object provided is unrecognized: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('the body of the request must be a JSON object');
  const obj = parsed as KubeObject;
  obj.metadata = obj.metadata ?? {};
  return obj;
}

/** Whether the request asks for dryRun=All (400 for another dryRun value). */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All')) throw badRequest(`Invalid value: ${JSON.stringify(values)}: supported values: "All"`);
  return values.length > 0;
}

/** 405 for a verb a resource path does not serve. */
export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
