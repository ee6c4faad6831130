import type { ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from './resource-types';
import type { ResourceService } from './resources';
import { compileSelector } from './selectors';
import { badRequest, expired } from './status';
import { jsonBytesOf, type KubeObject } from './store';

/** A <Kind>List answer. */
export interface KubeList {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

interface ContinueToken {
  rv: number;
  start: string;
}

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.rv === 'number' && typeof token.start === 'string') return token;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

const COMMA = 0x2c;

function parseLimit(raw: string | null): number {
  if (!raw) return 0;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit: ${raw}`);
  return limit;
}

/**
 * Lists a type with labelSelector/fieldSelector and limit/continue pagination. The continue token is
 * opaque (base64 of the list resourceVersion and the last key); a token from before the last compaction
 * answers 410 Expired.
 */
export function listObjects(service: ResourceService, rt: ResourceType, namespace: string | undefined, query: URLSearchParams): KubeList {
  const selector = compileSelector(query.get('labelSelector'), query.get('fieldSelector'));
  const limit = parseLimit(query.get('limit'));
  const rawContinue = query.get('continue');
  const token = rawContinue ? decodeToken(rawContinue) : undefined;
  if (token && token.rv < service.store.oldestContinuableRv()) {
    throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
  // the stored objects themselves: a list is only serialized, never changed
  const items = service.store.scan(rt, { namespace, after: token?.start }).filter(selector);
  const rv = token ? token.rv : Number(service.store.currentRv());
  const list: KubeList = { kind: `${rt.kind}List`, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(rv) }, items };
  if (limit > 0 && items.length > limit) {
    list.items = items.slice(0, limit);
    list.metadata.continue = encodeToken({ rv, start: keyOf(list.items[limit - 1]) });
    list.metadata.remainingItemCount = items.length - limit;
  }
  return list;
}

/** Bytes of items copied into the one reused buffer before it is written. */
const BATCH_BYTES = 256 * 1024;

/** Writes a chunk and resolves once the socket has taken it (its buffer may then be reused), or the response closed. */
function written(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.on('close', done);
    res.write(chunk, done);
  });
}

/**
 * Writes a list answer as `JSON.stringify(list)` would, from each item's cached JSON bytes: they are
 * copied into two buffers of 256 KiB taking turns (one filled while the socket takes the other), so a
 * list of 100,000 pods is neither re-serialized, nor held as one string, nor allocated anew per
 * request (fresh buffers for 220 MB per LIST made the garbage collector stop the process midway).
 */
export async function sendList(res: ServerResponse, list: KubeList): Promise<void> {
  const { items, ...head } = list;
  res.writeHead(200, { 'content-type': 'application/json' });
  const opening = JSON.stringify(head);
  res.write(`${opening.slice(0, -1)},"items":[`);
  const buffers = [Buffer.allocUnsafeSlow(BATCH_BYTES), Buffer.allocUnsafeSlow(BATCH_BYTES)];
  let inFlight: Promise<void> = Promise.resolve();
  let used = 0;
  const flush = async () => {
    await inFlight;
    if (used > 0) inFlight = written(res, buffers[0].subarray(0, used));
    buffers.reverse();
    used = 0;
  };
  for (let i = 0; i < items.length && !res.destroyed; i++) {
    const bytes = jsonBytesOf(items[i]);
    if (used + bytes.length + 1 > BATCH_BYTES) await flush();
    if (i > 0) buffers[0][used++] = COMMA;
    if (bytes.length + 1 > BATCH_BYTES) {
      await flush();
      await inFlight;
      inFlight = written(res, bytes);
    } else used += bytes.copy(buffers[0], used);
  }
  await flush();
  await inFlight;
  if (!res.destroyed) res.end(']}');
}
