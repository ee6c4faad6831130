// Requests under /clusters/<name>: faults, authentication (the cluster token; a client certificate of the
// simulator's CA or a service account token, both under RBAC), /version, probes and discovery here;
// everything else goes to the cluster's API machinery with the prefix stripped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultInjectorOf } from '../control/cluster-faults';
import { bearerToken, tokenMatches } from '../control/control.api';
import { allResourceTypes, discoveryDocument, isDiscoveryPath } from '../discovery/discovery';
import { clientCertificateUser } from '../extensions/client-cert-auth';
import { admitServiceAccount, admitUser, type ServiceAccountAdmission } from '../extensions/service-account-auth';
import { versionInfo } from '../flavours/flavour';
import { OpenApiDocuments } from '../openapi/openapi.documents';
import { isOpenApiPath, serveOpenApi } from '../openapi/openapi.handler';
import type { ClientCertificateVerifier } from '../pki/client-certificates';
import type { SimCluster } from './cluster.registry';
import { readBody, sendJson, sendStatus, sendUnauthorized } from './respond';

/** Paths every API server answers with a plain "ok" to anyone. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/livez']);

/** Answers a probe the way kube-apiserver does. */
export function sendProbe(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
}

function serveDiscovery(res: ServerResponse, cluster: SimCluster, path: string, serverAddress: string): void {
  const types = allResourceTypes(cluster.api.resourceTypes, cluster.flavour.extraApiGroups);
  const document = discoveryDocument(types, path, serverAddress);
  if (!document) return sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
  sendJson(res, 200, document);
}

const openApiDocuments = new OpenApiDocuments();

function openApiTarget(cluster: SimCluster) {
  const types = allResourceTypes(cluster.api.resourceTypes, cluster.flavour.extraApiGroups);
  return { documents: openApiDocuments, prefix: `/clusters/${encodeURIComponent(cluster.name)}`, types, custom: (gvPath: string) => cluster.api.openApiV3?.(gvPath) };
}

/** /version, discovery and OpenAPI, which the shell answers itself; false for anything else. */
function serveMetadata(req: IncomingMessage, res: ServerResponse, path: string, { cluster, serverAddress }: ClusterTarget): boolean {
  if (path === '/version') sendJson(res, 200, versionInfo(cluster.flavour));
  else if (isDiscoveryPath(path) && req.method === 'GET') serveDiscovery(res, cluster, path, serverAddress);
  else if (isOpenApiPath(path)) serveOpenApi(req, res, path, openApiTarget(cluster));
  else return false;
  return true;
}

/** Where a request to a cluster goes. */
export interface ClusterTarget {
  cluster: SimCluster;
  /** The URL after /clusters/<name>, query included. */
  rest: string;
  /** host:port, for /api's serverAddressByClientCIDRs. */
  serverAddress: string;
  /** Checks client certificates; absent, only bearer tokens authenticate. */
  clientCertificates?: ClientCertificateVerifier;
}

/** As kube-apiserver's union authenticator: a trusted client certificate first, then the bearer token. */
function admit(req: IncomingMessage, res: ServerResponse, { cluster, clientCertificates }: ClusterTarget, path: string): ServiceAccountAdmission {
  const certificateUser = clientCertificates && clientCertificateUser(req, clientCertificates);
  if (certificateUser) return admitUser(req, res, { user: certificateUser, api: cluster.api, path });
  const bearer = bearerToken(req);
  return tokenMatches(bearer, cluster.token) ? 'admitted' : admitServiceAccount(req, res, { bearer, api: cluster.api, path });
}

/** Serves one request to a cluster. */
export async function serveCluster(req: IncomingMessage, res: ServerResponse, target: ClusterTarget): Promise<void> {
  const { cluster, rest } = target;
  if (await faultInjectorOf(cluster).intercept(req, res)) return;
  const apiPath = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
  const path = apiPath.split('?')[0].replace(/(.)\/$/, '$1');
  if (PROBE_PATHS.has(path)) return sendProbe(res);
  const admission = admit(req, res, target, apiPath);
  if (admission === 'unauthorized') return sendUnauthorized(res);
  if (admission === 'forbidden') return;
  if (serveMetadata(req, res, path, target)) return;
  const body = await readBody(req);
  await cluster.api.handle(req, res, apiPath, body);
}
