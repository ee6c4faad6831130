// Response helpers: Kubernetes Status bodies on the Kubernetes paths, the Flotilla error shape on the
// control API.
import type { ServerResponse } from 'node:http';

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Writes a Kubernetes Status failure, as kube-apiserver answers errors. */
export function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

/** The 401 a cluster answers for a missing or wrong bearer token. */
export function sendUnauthorized(res: ServerResponse): void {
  sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
}

/** Writes the control API's error shape `{ error: { code, message, details } }`. */
export function sendError(res: ServerResponse, status: number, error: { code: string; message: string; details?: Record<string, unknown> }): void {
  sendJson(res, status, { error });
}

/** Reads a whole request body. */
export function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
