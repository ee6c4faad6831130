// The simulator's own API under /_sim/ (admin token): clusters, nodes, faults and simulation
// (fault.routes.ts), reset. Never logs or returns a token except inside the kubeconfig a caller
// explicitly asks for.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../apiserver/api-handler';
import { ClusterRegistryError, type ClusterRegistry, type SimCluster } from '../server/cluster.registry';
import { readBody, sendError, sendJson } from '../server/respond';
import { ControlValidationError, parseClusterSpec, parseJsonBody, parseNodeSpec } from './control.validation';
import { faultRoutes } from './fault.routes';
import { parseSimulation } from './fault.validation';
import { helmReleaseRoute } from './helm-releases';
import { parseKubeconfigQuery } from './kubeconfig.query';

/** One control API request, routed. */
export interface ControlRequest {
  method: string;
  parts: string[];
  body: unknown;
  res: ServerResponse;
  /** The query string (only the kubeconfig route reads it). */
  query: URLSearchParams;
}

type Route = (request: ControlRequest) => Promise<void> | void;

/** A control API route: method, path pattern (after /_sim/), handler. */
export type ControlRoute = [string, RegExp, Route];

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Compares secrets in constant time. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** A cluster as the control API shows it (no token). */
export function describeCluster(cluster: SimCluster): Record<string, unknown> {
  return {
    name: cluster.name,
    flavour: cluster.flavour.name,
    version: cluster.flavour.gitVersion,
    server: cluster.server,
    presentedServer: cluster.flavour.presentedServer(cluster.name),
    kubeconfigPath: cluster.kubeconfigPath,
    nodes: cluster.nodes,
    faults: cluster.faults,
    simulation: cluster.api.simulation?.describe(),
    createdAt: cluster.createdAt,
  };
}

/** The /_sim/ handler. */
export class ControlApi {
  private readonly routes: ControlRoute[] = [
    ['POST', /^clusters$/, (r) => this.createCluster(r)],
    ['GET', /^clusters$/, (r) => sendJson(r.res, 200, { items: this.registry.list().map(describeCluster) })],
    ['GET', /^clusters\/[^/]+$/, (r) => sendJson(r.res, 200, describeCluster(this.registry.get(r.parts[1])))],
    ['DELETE', /^clusters\/[^/]+$/, (r) => this.deleteCluster(r)],
    ['GET', /^clusters\/[^/]+\/kubeconfig$/, (r) => this.kubeconfig(r)],
    ['POST', /^clusters\/[^/]+\/nodes$/, (r) => this.addNode(r)],
    ['DELETE', /^clusters\/[^/]+\/nodes\/[^/]+$/, (r) => this.removeNode(r)],
    ...faultRoutes(this.registry),
    helmReleaseRoute(this.registry),
    ['POST', /^reset$/, (r) => this.reset(r)],
  ];

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly adminToken: string,
    private readonly onReset: () => Promise<void>,
  ) {}

  /** Answers a request whose path starts with /_sim/. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!tokenMatches(bearerToken(req), this.adminToken)) {
      return sendError(res, 401, { code: 'UNAUTHENTICATED', message: 'the control API needs the admin token (Authorization: Bearer <KUBE_SIM_ADMIN_TOKEN>)' });
    }
    const rest = path.replace(/^\/_sim\/?/, '').replace(/\/$/, '');
    const matching = this.routes.filter(([, pattern]) => pattern.test(rest));
    const route = matching.find(([method]) => method === req.method);
    if (!route) return this.noRoute(res, matching.length > 0);
    try {
      const body = WITH_BODY.has(req.method ?? '') ? parseJsonBody(await readBody(req)) : undefined;
      const query = new URL(req.url ?? '/', 'http://kube-sim.invalid').searchParams;
      await route[2]({ method: req.method ?? 'GET', parts: rest.split('/').map(decodeURIComponent), body, res, query });
    } catch (error) {
      this.sendFailure(res, error);
    }
  }

  private noRoute(res: ServerResponse, pathKnown: boolean): void {
    if (pathKnown) return sendError(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'method not allowed on this path' });
    sendError(res, 404, { code: 'NOT_FOUND', message: 'no such control API path' });
  }

  private sendFailure(res: ServerResponse, error: unknown): void {
    if (error instanceof ControlValidationError) {
      return sendError(res, 400, { code: 'VALIDATION_FAILED', message: error.message, details: { field: error.field } });
    }
    if (error instanceof ClusterRegistryError) return sendError(res, error.code === 'NOT_FOUND' ? 404 : 409, { code: error.code, message: error.message });
    if (error instanceof ApiError && error.code === 404) return sendError(res, 404, { code: 'NOT_FOUND', message: error.message });
    sendError(res, 500, { code: 'INTERNAL', message: (error as Error).message });
  }

  private async createCluster({ body, res }: ControlRequest): Promise<void> {
    const cluster = await this.registry.create({ ...parseClusterSpec(body), simulation: parseSimulation(body) });
    sendJson(res, 201, describeCluster(cluster));
  }

  private deleteCluster({ parts, res }: ControlRequest): void {
    this.registry.delete(parts[1]);
    sendJson(res, 200, { deleted: parts[1] });
  }

  /** The cluster's kubeconfig as written (?auth absent), with its token (auth=token), or with a new client certificate. */
  private async kubeconfig({ parts, res, query }: ControlRequest): Promise<void> {
    const request = parseKubeconfigQuery(query);
    const cluster = this.registry.get(parts[1]);
    let text = this.registry.kubeconfig(cluster);
    if (request.auth === 'token') text = this.registry.tokenKubeconfig(cluster);
    if (request.auth === 'client-certificate') text = await this.registry.certificateKubeconfig(cluster, request.certificate);
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(text);
  }

  private async addNode({ parts, body, res }: ControlRequest): Promise<void> {
    const spec = parseNodeSpec(body, 'body');
    await this.registry.addNode(parts[1], spec);
    sendJson(res, 201, describeCluster(this.registry.get(parts[1])));
  }

  private async removeNode({ parts, res }: ControlRequest): Promise<void> {
    await this.registry.removeNode(parts[1], parts[3]);
    sendJson(res, 200, describeCluster(this.registry.get(parts[1])));
  }

  private async reset({ res }: ControlRequest): Promise<void> {
    this.registry.deleteAll();
    await this.onReset();
    sendJson(res, 200, { items: this.registry.list().map(describeCluster) });
  }
}
