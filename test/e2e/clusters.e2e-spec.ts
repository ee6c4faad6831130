// The cluster registry through the gateway, as a platform team uses it: register kube-sim clusters of
// every flavour by kubeconfig upload and by URL + token + CA, read what Flotilla detected and why,
// list with filters and pages, change and delete them; events reach a JetStream consumer; and no
// credential ever shows up in an answer, an event or a log line (registry and gateway log at debug).
import { inject } from 'vitest';
import { ClusterProvider, DetectionSignal, REGISTRY_EVENTS, STREAMS } from '@flotilla/contracts';
import { expectStatus, kubeconfigRegistration, startClusterPlatform, tokenRegistration, type ClusterPlatform } from '../support/cluster-platform';
import { FLAVOURS, type FlavourName, type SimClusterHandle } from '../support/sim-clusters';
import { readEvents, type StreamEvent } from '../support/stream-events';
import { createTenant, uniqueName, type ApiClient, type Json, type Tenant } from '../support/tenants';

/** What detection must find for each kube-sim flavour: the verdict and the signals it rests on. */
const EXPECTED: Record<FlavourName, { provider: ClusterProvider; signals: DetectionSignal[] }> = {
  vanilla: { provider: ClusterProvider.Vanilla, signals: [DetectionSignal.GitVersion] },
  eks: { provider: ClusterProvider.Eks, signals: [DetectionSignal.GitVersion, DetectionSignal.ProviderId, DetectionSignal.NodeLabel] },
  gke: { provider: ClusterProvider.Gke, signals: [DetectionSignal.GitVersion, DetectionSignal.ProviderId, DetectionSignal.NodeLabel] },
  aks: { provider: ClusterProvider.Aks, signals: [DetectionSignal.ProviderId, DetectionSignal.NodeLabel] },
  k3s: { provider: ClusterProvider.K3s, signals: [DetectionSignal.GitVersion, DetectionSignal.ProviderId] },
  rke2: { provider: ClusterProvider.Rke2, signals: [DetectionSignal.GitVersion] },
  microk8s: { provider: ClusterProvider.MicroK8s, signals: [DetectionSignal.NodeLabel] },
  openshift: { provider: ClusterProvider.OpenShift, signals: [DetectionSignal.ApiGroup, DetectionSignal.NodeLabel] },
  kind: { provider: ClusterProvider.Kind, signals: [DetectionSignal.ProviderId] },
};

/** Total weight of the evidence per provider. */
function weights(evidence: Json[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of evidence) totals.set(e.provider, (totals.get(e.provider) ?? 0) + e.weight);
  return totals;
}

describe('cluster registry over REST', () => {
  let platform: ClusterPlatform;
  let tenant: Tenant;
  let orgAdmin: ApiClient;
  const sims = new Map<FlavourName, SimClusterHandle>();
  const byKubeconfig = new Map<FlavourName, Json>();
  const byToken = new Map<FlavourName, Json>();
  const envLabel = uniqueName('e2e');

  beforeAll(async () => {
    platform = await startClusterPlatform();
    tenant = await createTenant(platform.gateway.url, platform.admin.token!, { observer: platform.secrets.observer });
    orgAdmin = platform.admin.as(tenant.tokens.orgAdmin);
    for (const flavour of FLAVOURS) {
      const sim = await platform.simCluster(flavour);
      sims.set(flavour, sim);
      const labels = { env: envLabel, flavour };
      byKubeconfig.set(flavour, expectStatus(await orgAdmin.post('/clusters', kubeconfigRegistration(sim, { labels })), 201, `register ${flavour} by kubeconfig`).body);
      byToken.set(flavour, expectStatus(await orgAdmin.post('/clusters', tokenRegistration(sim, { labels: { env: envLabel } })), 201, `register ${flavour} by token`).body);
    }
  });

  afterAll(() => platform?.stop());

  describe('registration', () => {
    it.each(FLAVOURS)('connects to a %s cluster uploaded as a kubeconfig, and says what it is and why', (flavour) => {
      const cluster = byKubeconfig.get(flavour);
      const sim = platform.kube.sim.registry.get(sims.get(flavour)!.name);
      const expected = EXPECTED[flavour];

      expect(cluster).toMatchObject({ status: 'ready', orgId: tenant.orgId, server: sims.get(flavour)!.server, manageable: true });
      expect(cluster.lastTest).toMatchObject({ ok: true, reason: null, missingPermissions: [] });
      expect(cluster.lastTest.steps.map((s: Json) => [s.step, s.ok])).toEqual(
        ['dns', 'tcp', 'tls', 'authentication', 'version', 'nodes', 'permissions'].map((step) => [step, true]),
      );
      expect(cluster.detection).toMatchObject({ provider: expected.provider, gitVersion: sim.flavour.gitVersion, kubernetesVersion: '1.31' });
      expect(cluster.detection.confidence).toBeGreaterThan(0.5);
      const signals = cluster.detection.evidence.filter((e: Json) => e.provider === expected.provider).map((e: Json) => e.signal);
      expect(signals).toEqual(expect.arrayContaining(expected.signals));
      const totals = weights(cluster.detection.evidence);
      const strongestOther = Math.max(0, ...[...totals].filter(([provider]) => provider !== expected.provider).map(([, weight]) => weight));
      expect(totals.get(expected.provider)).toBeGreaterThan(strongestOther);
    });

    it('keeps the observed values as evidence (version string, providerID, label, API group)', () => {
      const evidence = (flavour: FlavourName, signal: DetectionSignal) =>
        byKubeconfig.get(flavour).detection.evidence.filter((e: Json) => e.signal === signal).map((e: Json): string => e.value);

      expect(evidence('eks', DetectionSignal.GitVersion)).toContain(platform.kube.sim.registry.get(sims.get('eks')!.name).flavour.gitVersion);
      expect(evidence('gke', DetectionSignal.ProviderId).some((v: string) => v.startsWith('gce://'))).toBe(true);
      expect(evidence('aks', DetectionSignal.NodeLabel).some((v: string) => v.startsWith('kubernetes.azure.com/'))).toBe(true);
      expect(evidence('k3s', DetectionSignal.GitVersion).some((v: string) => v.includes('+k3s'))).toBe(true);
      expect(evidence('openshift', DetectionSignal.ApiGroup)).toEqual(expect.arrayContaining(['config.openshift.io']));
    });

    it.each(FLAVOURS)('reaches the same %s cluster by URL + bearer token + CA bundle, with the same verdict', (flavour) => {
      const cluster = byToken.get(flavour);

      expect(cluster).toMatchObject({ status: 'ready', detection: { provider: EXPECTED[flavour].provider } });
      expect(cluster.credentials).toMatchObject({ type: 'token', method: 'token', hostRequirement: null });
      // kind and k3s kubeconfigs hold a client certificate, as the real ones do; the others kube-sim's token
      const method = flavour === 'kind' || flavour === 'k3s' ? 'client-certificate' : 'token';
      expect(byKubeconfig.get(flavour).credentials).toMatchObject({ type: 'kubeconfig', method, hostRequirement: null });
    });

    it('re-detects on demand with the same verdict, and GET shows the latest', async () => {
      const cluster = byKubeconfig.get('gke');

      const detected = await orgAdmin.post(`/clusters/${cluster.id}/detect`);
      const read = await orgAdmin.get(`/clusters/${cluster.id}`);

      expect(detected.status).toBe(200);
      expect(detected.body).toMatchObject({ provider: 'gke', gitVersion: cluster.detection.gitVersion });
      expect(read.body.detection.detectedAt).toBe(detected.body.detectedAt);
      expect(Date.parse(detected.body.detectedAt)).toBeGreaterThan(Date.parse(cluster.detection.detectedAt));
    });

    it('refuses a second cluster of the same name in the organization (409 naming the field)', async () => {
      const taken = byKubeconfig.get('vanilla').name;

      const answer = await orgAdmin.post('/clusters', kubeconfigRegistration(sims.get('vanilla')!, { name: taken }));

      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'CONFLICT' });
      expect(answer.body.error.details.fields.map((f: Json) => f.field)).toEqual(['name']);
    });
  });

  describe('listing', () => {
    const ours = (items: Json[]) => items.filter((c) => c.labels.env === envLabel);

    it('filters by provider, status and label selector', async () => {
      const eks = await orgAdmin.get(`/clusters?provider=eks&labelSelector=env=${envLabel}`);
      const flavourK3s = await orgAdmin.get(`/clusters?labelSelector=${encodeURIComponent(`env=${envLabel},flavour=k3s`)}`);
      const ready = await orgAdmin.get(`/clusters?status=ready&labelSelector=env=${envLabel}&limit=200`);

      expect(eks.body.items.map((c: Json) => c.id).sort()).toEqual([byKubeconfig.get('eks').id, byToken.get('eks').id].sort());
      expect(flavourK3s.body.items.map((c: Json) => c.id)).toEqual([byKubeconfig.get('k3s').id]);
      expect(ours(ready.body.items)).toHaveLength(FLAVOURS.length * 2);
    });

    it('pages by name with a cursor: every cluster once, in order', async () => {
      const seen: Json[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await orgAdmin.get(`/clusters?limit=3&labelSelector=env=${envLabel}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);

      const names = seen.map((c) => c.name);
      expect(names).toHaveLength(FLAVOURS.length * 2);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual([...names].sort());
    });

    it('answers 400 naming the parameter for a bad filter', async () => {
      const answer = await orgAdmin.get('/clusters?provider=nomad&limit=0');

      expect(answer.status).toBe(400);
      expect(answer.body.error.details.fields.map((f: Json) => f.field).sort()).toEqual(['limit', 'provider']);
    });
  });

  describe('changes and events', () => {
    it('patches attributes, replaces credentials, deletes, and a JetStream consumer sees each change in order', async () => {
      const sim = sims.get('aks')!;
      const created = expectStatus(await orgAdmin.post('/clusters', kubeconfigRegistration(sim)), 201, 'register').body;

      const patched = await orgAdmin.patch(`/clusters/${created.id}`, { displayName: 'AKS East', rateCardRef: 'azure-eastus', declaredCapacity: { cpu: '6', memory: '24Gi' } });
      const replaced = await orgAdmin.put(`/clusters/${created.id}/credentials`, { type: 'token', server: sim.server, token: sim.token, caBundle: sim.caPem });
      const deleted = await orgAdmin.delete(`/clusters/${created.id}`);
      const gone = await orgAdmin.get(`/clusters/${created.id}`);

      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ displayName: 'AKS East', rateCardRef: 'azure-eastus', declaredCapacity: { cpu: '6', memory: '24Gi' } });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ status: 'ready', credentials: { type: 'token' } });
      expect(Date.parse(replaced.body.credentials.updatedAt)).toBeGreaterThan(Date.parse(created.credentials.updatedAt));
      expect(deleted.status).toBe(204);
      expect(gone.status).toBe(404);

      const events = await readEvents(inject('natsUrl'), STREAMS.registry.name, {
        keep: (e: StreamEvent) => e.data.clusterId === created.id,
        done: (seen) => seen.some((e) => e.subject === REGISTRY_EVENTS.deleted),
      });
      const subjects = events.map((e) => e.subject);
      expect(subjects[0]).toBe(REGISTRY_EVENTS.registered);
      expect(subjects.at(-1)).toBe(REGISTRY_EVENTS.deleted);
      expect(subjects).toContain(REGISTRY_EVENTS.updated);
      expect(subjects.indexOf(REGISTRY_EVENTS.updated)).toBeLessThan(subjects.indexOf(REGISTRY_EVENTS.credentialsRotated));
      expect(events[0]!.data).toMatchObject({ name: created.name, orgId: tenant.orgId, provider: 'aks', status: 'ready', server: sim.server, actorId: tenant.users.orgAdmin.id });
      const payloads = JSON.stringify(events);
      expect(payloads).not.toContain(sim.token);
      expect(payloads).not.toContain(Buffer.from(sim.token).toString('base64'));
    });

    it('refuses bad labels and quantities with 400 naming the field, and changes nothing', async () => {
      const cluster = byKubeconfig.get('microk8s');

      const badLabel = await orgAdmin.patch(`/clusters/${cluster.id}`, { labels: { 'Bad Key!': 'x' } });
      const badValue = await orgAdmin.patch(`/clusters/${cluster.id}`, { labels: { tier: 'x'.repeat(64) } });
      const badQuantity = await orgAdmin.patch(`/clusters/${cluster.id}`, { declaredCapacity: { cpu: 'lots' } });
      const fractionalGpu = await orgAdmin.patch(`/clusters/${cluster.id}`, { declaredCapacity: { 'nvidia.com/gpu': '1.5' } });
      const after = await orgAdmin.get(`/clusters/${cluster.id}`);

      const fieldsOf = (answer: Json) => [answer.status, answer.body.error.details.fields.map((f: Json) => f.field)];
      expect(fieldsOf(badLabel)).toEqual([400, ['labels.Bad Key!']]);
      expect(fieldsOf(badValue)).toEqual([400, ['labels.tier']]);
      expect(fieldsOf(badQuantity)).toEqual([400, ['declaredCapacity.cpu']]);
      expect(fieldsOf(fractionalGpu)).toEqual([400, ['declaredCapacity.nvidia.com/gpu']]);
      expect(after.body.labels).toEqual(cluster.labels);
      expect(after.body.declaredCapacity).toEqual(cluster.declaredCapacity);
    });
  });

  it('never puts a credential in an answer or a log line', () => {
    const leaks = platform.secrets.leaks();

    expect(leaks).toEqual([]);
    expect(platform.secrets.seen.answers).toBeGreaterThan(FLAVOURS.length * 2);
    expect(platform.secrets.seen.outputChars).toBeGreaterThan(10_000);
  });
});
