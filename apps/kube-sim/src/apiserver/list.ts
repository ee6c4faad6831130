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

function parseLimit(raw: string | null): number {
  if (!raw) return 0;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit: ${raw}`);
  return limit;
}

/**
 * Lists a type with labelSelector/fieldSelector and limit/continue pagination. The continue token is
 * opaque (base64 of the list resourceVersion and the last key); a token older than the kept change
 * history answers 410 Expired.
 */
export function listObjects(service: ResourceService, rt: ResourceType, namespace: string | undefined, query: URLSearchParams): KubeList {
  const selector = compileSelector(query.get('labelSelector'), query.get('fieldSelector'));
  const limit = parseLimit(query.get('limit'));
  const rawContinue = query.get('continue');
  const token = rawContinue ? decodeToken(rawContinue) : undefined;
  if (token && token.rv < service.store.oldestResumableRv()) {
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

const BATCH = 1000;
const COMMA = Buffer.from(',');
const EMPTY = Buffer.alloc(0);

/** Resolves once the response can take more, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/**
 * Writes a list answer as `JSON.stringify(list)` would, but from each item's cached JSON bytes and in
 * batches that wait for the socket to drain, so a list of 100,000 pods is neither re-serialized nor
 * held as one string.
 */
export async function sendList(res: ServerResponse, list: KubeList): Promise<void> {
  const { items, ...head } = list;
  res.writeHead(200, { 'content-type': 'application/json' });
  const opening = JSON.stringify(head);
  let pending = res.write(`${opening.slice(0, -1)},"items":[`);
  for (let start = 0; start < items.length; start += BATCH) {
    if (!pending) await drained(res);
    if (res.destroyed) return;
    const parts: Buffer[] = [];
    for (const item of items.slice(start, start + BATCH)) parts.push(parts.length > 0 || start > 0 ? COMMA : EMPTY, jsonBytesOf(item));
    pending = res.write(Buffer.concat(parts));
  }
  res.end(']}');
}
