import type { KubeConfig } from '@kubernetes/client-node';
import { expectOk, kubeRequest } from './kube-request';

/** Page size of paginated lists. */
export const LIST_PAGE_SIZE = 500;

interface ListPage<T> {
  items?: T[];
  metadata?: { continue?: string };
}

function pagePath(path: string, limit: number, token: string | undefined): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (token) query.set('continue', token);
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Every item of a list, page by page (limit/continue), each page within `timeoutMs`, at most
 * `maxItems`. `path` may carry a query (label or field selector). Throws {@link KubeRequestError}
 * when a page fails.
 */
export async function listAll<T>(kubeConfig: KubeConfig, path: string, timeoutMs: number, maxItems = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const response = await kubeRequest<ListPage<T>>(kubeConfig, { path: pagePath(path, Math.min(LIST_PAGE_SIZE, maxItems - items.length), token), timeoutMs });
    const page = expectOk(response, `GET ${path.split('?')[0]}`);
    items.push(...(page?.items ?? []));
    token = page?.metadata?.continue || undefined;
  } while (token && items.length < maxItems);
  return items;
}
