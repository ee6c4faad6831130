import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubeSimConfig } from '../kube-sim.config';
import { startKubeSim, type KubeSim } from '../kube-sim.server';
import { helmReleaseRoute } from './helm-releases';

/** Reads a release the way helm's secrets driver does: the Secret's bytes are base64 of gzip of JSON. */
function decodeLikeHelm(secretData: string): Record<string, unknown> {
  const stored = Buffer.from(secretData, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(stored, 'base64')).toString('utf8')) as Record<string, unknown>;
}

describe(helmReleaseRoute.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-helm-'));
  let sim: KubeSim;
  let core: CoreV1Api;
  const seed = (body: unknown, cluster = 'default') =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${sim.adminToken}`, 'content-type': 'application/json' };
      const req = request(`${sim.url}/_sim/clusters/${cluster}/helm-releases`, { method: 'POST', ca: sim.pki.caCertPem, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    sim = await startKubeSim(Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1', KUBE_SIM_OPERATORS: false }));
    const kc = new KubeConfig();
    kc.loadFromFile(join(dataDir, 'kubeconfigs', 'default.yaml'));
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(() => sim?.close());

  it('stores the release as helm 3 does: named, typed and labelled secret, data decodable by helm', async () => {
    const answer = await seed({ name: 'ingress', namespace: 'edge', chart: 'ingress-nginx', chartVersion: '4.11.3', appVersion: '1.11.3', revision: 2, status: 'deployed' });
    expect(answer).toMatchObject({ status: 201, body: { secret: 'sh.helm.release.v1.ingress.v2', namespace: 'edge' } });
    const secret = await core.readNamespacedSecret({ namespace: 'edge', name: 'sh.helm.release.v1.ingress.v2' });
    expect(secret.type).toBe('helm.sh/release.v1');
    expect(secret.metadata?.labels).toMatchObject({ owner: 'helm', name: 'ingress', status: 'deployed', version: '2' });
    const release = decodeLikeHelm(secret.data?.release ?? '');
    expect(release).toMatchObject({ name: 'ingress', namespace: 'edge', version: 2, info: { status: 'deployed', description: 'Upgrade complete' } });
    expect((release.chart as { metadata: unknown }).metadata).toMatchObject({ name: 'ingress-nginx', version: '4.11.3', appVersion: '1.11.3' });
    const found = await core.listNamespacedSecret({ namespace: 'edge', labelSelector: 'owner=helm,name=ingress' });
    expect(found.items.map((s) => s.metadata?.name)).toEqual(['sh.helm.release.v1.ingress.v2']);
  });

  it('answers 400 naming the field for bad input, 409 for a revision stored already, 404 for an unknown cluster', async () => {
    const good = { name: 'app', chart: 'app', chartVersion: '1.0.0' };
    expect(await seed({ ...good, name: 'Bad_Name' })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', details: { field: 'name' } } } });
    expect(await seed({ ...good, chartVersion: '' })).toMatchObject({ status: 400, body: { error: { details: { field: 'chartVersion' } } } });
    expect(await seed({ ...good, revision: 0 })).toMatchObject({ status: 400, body: { error: { details: { field: 'revision' } } } });
    expect(await seed({ ...good, status: 'installed' })).toMatchObject({ status: 400, body: { error: { details: { field: 'status' } } } });
    expect(await seed({ ...good, namespace: 'No' })).toMatchObject({ status: 400, body: { error: { details: { field: 'namespace' } } } });
    expect((await seed(good)).status).toBe(201);
    expect(await seed(good)).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(await seed(good, 'nowhere')).toMatchObject({ status: 404 });
  });
});
