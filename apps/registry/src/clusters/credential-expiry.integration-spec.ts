import { REGISTRY_SUBJECTS, CredentialType, type ClusterDto } from '@flotilla/contracts';
import type { StartedService } from '@flotilla/common';
import { CredentialExpiryMonitor, credentialsExpiry } from './credential-expiry.monitor';
import type { TestKubeSim } from './testing/kube-sim';
import { RegistryClient, tenant } from './testing/registry-harness';
import { startRegistryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An unsigned JWT-shaped token whose `exp` is `expiresAt` (the registry reads exp; the cluster will refuse it). */
function jwtExpiringAt(expiresAt: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'system:serviceaccount:flotilla:agent', exp: Math.floor(expiresAt.getTime() / 1000) })}.c2lnbmF0dXJl`;
}

/** Credentials that are about to expire are reported before they do: a warning per cluster and a gauge. */
describe('credential expiry monitor', () => {
  let kube: TestKubeSim;
  let rig: RegistryUnderTest;
  let service: StartedService;
  let sut: RegistryClient;

  beforeAll(async () => {
    rig = await startRegistryUnderTest({ REGISTRY_CONNECT_TIMEOUT_MS: '2000' });
    ({ kube, service, sut } = rig);
  });

  afterAll(() => rig?.close());

  it('warns about the cluster whose token expires within 30 days, not the one good for a year, and exports both expiries', async () => {
    const org = tenant();
    const cluster = await kube.cluster('vanilla');
    const register = (name: string, expiresAt: Date) =>
      sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.create, {
        name,
        credentials: { type: CredentialType.Token, server: cluster.server, token: jwtExpiringAt(expiresAt), caBundle: kube.caBundle },
      });
    const now = new Date();
    const soon = await register('expiring', new Date(now.getTime() + 10 * DAY_MS));
    const later = await register('lasting', new Date(now.getTime() + 365 * DAY_MS));

    const warned = await service.app.get(CredentialExpiryMonitor).check(now);

    expect(warned).toContain(soon.id);
    expect(warned).not.toContain(later.id);
    expect(soon.credentials).toMatchObject({ expiresSoon: true });
    const exported = new Map((await credentialsExpiry.get()).values.map((sample) => [sample.labels.cluster_id, sample.value]));
    expect(exported.get(soon.id)).toBe(Math.floor(new Date(soon.credentials!.expiresAt!).getTime() / 1000));
    expect(exported.get(later.id)).toBe(Math.floor(new Date(later.credentials!.expiresAt!).getTime() / 1000));
  });
});
