// A JSON request to an API server with a deadline, its failures sorted into connection-test reasons.
// client-node's generated clients take no per-call deadline; this reuses its KubeConfig for TLS and auth.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionFailureReason } from '@flotilla/contracts';
import { KubeAccessError } from './kube-access.error';

/** A failed Kubernetes call: why (as a connection test reports it), and the HTTP status when there was one. */
export class KubeRequestError extends Error {
  constructor(
    readonly reason: ConnectionFailureReason,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

/** One call. */
export interface KubeRequest {
  method?: 'GET' | 'POST';
  /** Path under the server URL, query included: `/api/v1/nodes?limit=500`. */
  path: string;
  body?: unknown;
  timeoutMs: number;
}

/** Status and parsed JSON body of an answer. */
export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);
const REFUSED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|ERR_OSSL)/;

function reasonOfCode(code: string): ConnectionFailureReason {
  if (UNKNOWN_AUTHORITY.has(code)) return ConnectionFailureReason.TlsUnknownAuthority;
  if (TLS.test(code) || code.includes('CERT')) return ConnectionFailureReason.TlsError;
  if (REFUSED.has(code)) return ConnectionFailureReason.ConnectionRefused;
  if (DNS.has(code)) return ConnectionFailureReason.DnsNotFound;
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR') return ConnectionFailureReason.Timeout;
  return ConnectionFailureReason.UnexpectedResponse;
}

const TLS_DETAIL: Partial<Record<ConnectionFailureReason, string>> = {
  [ConnectionFailureReason.TlsUnknownAuthority]: 'the server certificate is not signed by the given CA (or a system root)',
};

/** A network or TLS error as a {@link KubeRequestError} with its reason; other errors pass through. */
export function classifyNetworkError(error: unknown): unknown {
  if (error instanceof KubeRequestError || error instanceof KubeAccessError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (!code) return error;
  const reason = reasonOfCode(code);
  const message = (error as Error).message;
  return new KubeRequestError(reason, TLS_DETAIL[reason] ? `${TLS_DETAIL[reason]}: ${message}` : `${code}: ${message}`);
}

/** Rejects with a TIMEOUT KubeRequestError when `promise` takes longer than `timeoutMs`. */
export function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KubeRequestError(ConnectionFailureReason.Timeout, `${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8').slice(0, 200);
  }
}

function send(url: URL, options: https.RequestOptions, payload: string | undefined): Promise<KubeResponse> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new KubeRequestError(ConnectionFailureReason.UnexpectedResponse, `answer larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function prepare(kubeConfig: KubeConfig, request: KubeRequest): Promise<{ url: URL; options: https.RequestOptions; payload?: string }> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const url = new URL(`${server.replace(/\/+$/, '')}${request.path}`);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const options: https.RequestOptions = { method: request.method ?? 'GET', headers };
  // TLS material, bearer token or exec/auth-provider credentials, as client-node applies them
  await kubeConfig.applyToHTTPSOptions(options);
  return { url, options, payload };
}

/**
 * One JSON call to the API server of `kubeConfig`, whatever its HTTP status, within `timeoutMs`
 * (credential plugins included). Network, TLS and timeout failures reject with a
 * {@link KubeRequestError} carrying their connection-test reason.
 */
export async function kubeRequest<T = unknown>(kubeConfig: KubeConfig, request: KubeRequest): Promise<KubeResponse<T>> {
  const controller = new AbortController();
  const call = async () => {
    const { url, options, payload } = await prepare(kubeConfig, request);
    return (await send(url, { ...options, signal: controller.signal }, payload)) as KubeResponse<T>;
  };
  try {
    return await withDeadline(call(), request.timeoutMs, `${request.method ?? 'GET'} ${request.path.split('?')[0]}`);
  } catch (error) {
    throw classifyNetworkError(error);
  } finally {
    controller.abort();
  }
}

/** What an HTTP error status means for Flotilla: 401 → UNAUTHORIZED, 403 → MISSING_PERMISSIONS, else UNEXPECTED_RESPONSE. */
export function reasonOfStatus(status: number): ConnectionFailureReason {
  if (status === 401) return ConnectionFailureReason.Unauthorized;
  if (status === 403) return ConnectionFailureReason.MissingPermissions;
  return ConnectionFailureReason.UnexpectedResponse;
}

/** The body of a 2xx answer; otherwise throws a {@link KubeRequestError} saying what failed, with the server's message. */
export function expectOk<T>(response: KubeResponse<T>, what: string): T {
  if (response.status >= 200 && response.status < 300) return response.body;
  const message = (response.body as { message?: unknown } | undefined)?.message;
  const detail = typeof message === 'string' ? `: ${message}` : '';
  throw new KubeRequestError(reasonOfStatus(response.status), `${what} answered ${response.status}${detail}`, response.status);
}
