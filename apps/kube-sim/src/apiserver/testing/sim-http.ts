import { createServer, type Server } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigForAccess } from '@flotilla/kube';
import { SimApiServer, type SimApiServerOptions } from '../api-handler';

/** A SimApiServer behind a plain-http server on 127.0.0.1, for tests. */
export interface SimHttp {
  sim: SimApiServer;
  server: Server;
  url: string;
  kubeConfig: KubeConfig;
  close(): Promise<void>;
}

/** Starts a SimApiServer on a free port, reading bodies the way the server shell does. */
export async function startSimHttp(options?: SimApiServerOptions): Promise<SimHttp> {
  const sim = new SimApiServer(options);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await sim.handle(req, res, req.url ?? '/', Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { sim, server, url, kubeConfig: kubeConfigForAccess({ server: url }, 'sim'), close };
}

/** The Status body and HTTP code of a client-node call expected to fail. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; body: string } | undefined;
  if (!error) throw new Error('expected the call to fail');
  return { code: error.code, body: JSON.parse(error.body) as Record<string, unknown> };
}
