import { createServer, type Server } from 'node:http';
import { flotillaVersion } from '@flotilla/common';

/**
 * Stand-in for the Kubernetes API simulator until its own issue lands: it answers the probes and
 * /version the way an API server does, so the platform's process layout is already the real one.
 */
export function createKubeSimServer(): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/healthz' || req.url === '/readyz' || req.url === '/livez') return send(200, { status: 'ok' });
    if (req.url === '/version') return send(200, { major: '1', minor: '33', gitVersion: `v1.33.0-flotilla-sim.${flotillaVersion()}`, platform: 'linux/amd64' });
    return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
  });
}
