import { createServer, type Server } from 'node:http';
import { kubeConfigFor, serverVersion } from './kube-client.factory';

// Proves that the ESM-only @kubernetes/client-node loads and talks HTTP under the test runner, with
// the bearer token sent and a path prefix kept, as against kube-sim's /clusters/<name> URLs.
describe(kubeConfigFor.name, () => {
  let server: Server;
  let url: string;
  const seen: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads /version with the bearer token, under the server URL prefix', async () => {
    const sut = kubeConfigFor({ name: 'sim-a', server: `${url}/clusters/sim-a`, token: 'tok-123' });
    const version = await serverVersion(sut);
    expect(version.gitVersion).toBe('v1.33.1');
    expect(seen.at(-1)).toEqual({ url: '/clusters/sim-a/version', authorization: 'Bearer tok-123' });
  });
});
