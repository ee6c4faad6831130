/* eslint-disable @nx/enforce-module-boundaries -- the e2e suite boots apps in-process */
import type { Server } from 'node:http';
import { createKubeSimServer } from '@flotilla/app-kube-sim';
import { kubeConfigFor, serverVersion } from '@flotilla/kube';

describe('kube-sim (stub until its own issue lands)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createKubeSimServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers /version to the Kubernetes client Flotilla uses', async () => {
    const version = await serverVersion(kubeConfigFor({ name: 'default', server: url }));
    expect(version).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/) });
  });

  it('answers probes, and unknown paths with a Kubernetes Status', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const missing = await fetch(`${url}/api/v1/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });
});
