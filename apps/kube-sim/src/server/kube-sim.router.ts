// Top-level routing of the HTTPS server: probes and /version at the root (for the launcher and
// container probes), the control API under /_sim/, clusters under /clusters/<name>.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlApi } from '../control/control.api';
import { flavour, versionInfo } from '../flavours/flavour';
import type { ClientCertificateVerifier } from '../pki/client-certificates';
import { PROBE_PATHS, sendProbe, serveCluster } from './cluster.handler';
import type { ClusterRegistry } from './cluster.registry';
import { sendStatus } from './respond';

/** Routes every request of the simulator. */
export class KubeSimRouter {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly control: ControlApi,
    private readonly serverAddress: string,
    private readonly clientCertificates?: ClientCertificateVerifier,
  ) {}

  /** Answers one request; never throws (a failure becomes a 500 Status). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (error) {
      if (!res.headersSent) sendStatus(res, 500, 'InternalError', `internal error: ${(error as Error).message}`);
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    if (PROBE_PATHS.has(path)) return sendProbe(res);
    if (path === '/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(versionInfo(flavour('vanilla'))));
    if (path === '/_sim' || path.startsWith('/_sim/')) return this.control.handle(req, res, path);
    const [, name, rest] = /^\/clusters\/([^/?]+)(.*)$/.exec(url) ?? [];
    const cluster = name === undefined ? undefined : this.registry.find(decodeURIComponent(name));
    if (!cluster) return sendStatus(res, 404, 'NotFound', name ? `cluster ${name} not found` : 'the server could not find the requested resource');
    await serveCluster(req, res, { cluster, rest, serverAddress: this.serverAddress, clientCertificates: this.clientCertificates });
  }
}
