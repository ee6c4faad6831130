// The APIs a simulated cluster serves beside its stored objects: metrics.k8s.io (computed usage),
// self access/rules/subject reviews, and service account TokenRequests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimApiServer } from '../apiserver/api-handler';
import { methodNotAllowed, sendError } from '../apiserver/http-util';
import { isSelfReviewPath, serveSelfReview } from './authorization.api';
import type { ExtensionCall } from './extension-call';
import { METRICS_PREFIX, serveMetrics } from './metrics.api';
import { MetricsUsage } from './metrics-usage';
import { serveTokenRequest } from './token-request.api';
import type { UsageOptions } from './usage-model';

export { extensionResourceTypes } from './extension-types';
export type { UsageOptions } from './usage-model';

/** An API added at run time (an operator's aggregated API): answers a call it owns (true) or leaves it (false). */
export type ExtensionHandler = (call: ExtensionCall) => boolean;

function route(call: ExtensionCall, sim: SimApiServer, usage: MetricsUsage): boolean {
  if (call.pathname.startsWith(METRICS_PREFIX)) {
    if (call.req.method !== 'GET') throw methodNotAllowed();
    return serveMetrics(call, sim, usage);
  }
  if (call.req.method !== 'POST') {
    if (isSelfReviewPath(call.pathname)) throw methodNotAllowed();
    return false;
  }
  return serveSelfReview(call) || serveTokenRequest(call, sim);
}

/** The extension APIs of one cluster. */
export class ExtensionApis {
  /** Usage of the cluster's pods and nodes, as metrics.k8s.io reports it. */
  readonly usage: MetricsUsage;
  private readonly added: ExtensionHandler[] = [];

  constructor(
    private readonly sim: SimApiServer,
    usage?: UsageOptions,
  ) {
    this.usage = new MetricsUsage(sim, usage);
  }

  /** Serves another API beside the built-in ones (asked first). */
  register(handler: ExtensionHandler): void {
    this.added.push(handler);
  }

  /** Serves the request when an extension API owns its path; false to leave it to the generic routes. */
  serve(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean {
    const url = new URL(path, 'http://kube-sim.invalid');
    const call: ExtensionCall = { req, res, pathname: url.pathname.replace(/(.)\/$/, '$1'), query: url.searchParams, body };
    try {
      return this.added.some((handler) => handler(call)) || route(call, this.sim, this.usage);
    } catch (error) {
      sendError(res, error);
      return true;
    }
  }
}
