import { createServer, type Server } from 'node:http';
import { ConnectionFailureReason } from '@flotilla/contracts';
import { kubeConfigForAccess, serverVersion } from './kube-config.factory';
import { KubeAccessError } from './kube-access.error';

// Proves that the ESM-only @kubernetes/client-node loads and talks HTTP under the test runner, with
// the bearer token sent and a path prefix kept, as against kube-sim's /clusters/<name> URLs.
describe(kubeConfigForAccess.name, () => {
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
    const sut = kubeConfigForAccess({ server: `${url}/clusters/sim-a`, token: 'tok-123' }, 'sim-a');
    const version = await serverVersion(sut);
    expect(version.gitVersion).toBe('v1.33.1');
    expect(seen.at(-1)).toEqual({ url: '/clusters/sim-a/version', authorization: 'Bearer tok-123' });
  });

  it('runs an exec plugin only when the host allows its command', async () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'process.stdout.write(JSON.stringify({apiVersion:"client.authentication.k8s.io/v1",kind:"ExecCredential",status:{token:"from-plugin"}}))'] };
    let refused: unknown;
    try {
      kubeConfigForAccess({ server: url, exec });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(KubeAccessError);
    expect(refused).toMatchObject({ reason: ConnectionFailureReason.AuthPluginNotAllowed, message: `the credentials need exec plugin "${process.execPath}", which this host does not allow` });
    await serverVersion(kubeConfigForAccess({ server: url, exec }, 'plugin', { allowedExecCommands: [process.execPath] }));
    expect(seen.at(-1)?.authorization).toBe('Bearer from-plugin');
  });
});
