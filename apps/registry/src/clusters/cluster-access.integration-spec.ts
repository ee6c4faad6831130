import { randomUUID } from 'node:crypto';
import {
  ClusterStatus, CredentialType, IDENTITY_EVENTS, REGISTRY_EVENTS, REGISTRY_SUBJECTS,
  type ClusterDto, type ClusterPageDto, type IdentityDto, type KeyRotationResultDto,
} from '@flotilla/contracts';
import { freePort } from '@flotilla/common';
import type { TestKubeSim } from './testing/kube-sim';
import { platformAdmin, RegistryClient, tenant, type Tenant } from './testing/registry-harness';
import { startRegistryUnderTest, type RegistryUnderTest } from './testing/registry-under-test';

/** The registry's own authorization (per role, per organization, sharing), listing and organization cleanup. */
describe('cluster access', () => {
  let kube: TestKubeSim;
  let rig: RegistryUnderTest;
  let sut: RegistryClient;
  let refusedServer: string;
  const admin = platformAdmin();

  const kubeconfigCredentials = async (flavour = 'vanilla') => ({ type: CredentialType.Kubeconfig, kubeconfig: kube.kubeconfig(await kube.cluster(flavour)) });
  /** Registers a cluster nobody listens for (quick to test: connection refused). */
  const unreachable = (as: IdentityDto, body: Record<string, unknown>) =>
    sut.as<ClusterDto>(as, REGISTRY_SUBJECTS.create, { name: `c-${randomUUID().slice(0, 8)}`, credentials: { type: CredentialType.Token, server: refusedServer, token: 't' }, ...body });
  const codeOf = async (as: IdentityDto | undefined, subject: string, payload: unknown) => (await sut.failure(as, subject, payload)).code;

  beforeAll(async () => {
    rig = await startRegistryUnderTest();
    ({ kube, sut } = rig);
    refusedServer = `https://127.0.0.1:${await freePort()}`;
  });

  afterAll(() => rig?.close());

  describe('per role and organization', () => {
    let a: Tenant;
    let b: Tenant;
    let ownedA: ClusterDto;
    let ownedB: ClusterDto;
    let sharedAll: ClusterDto;
    let sharedWithA: ClusterDto;
    let platformOnly: ClusterDto;

    beforeAll(async () => {
      a = tenant();
      b = tenant();
      ownedA = await sut.as<ClusterDto>(a.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'own', credentials: await kubeconfigCredentials() });
      ownedB = await sut.as<ClusterDto>(b.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'own', credentials: await kubeconfigCredentials() });
      sharedAll = await sut.as<ClusterDto>(admin, REGISTRY_SUBJECTS.create, { name: `all-${a.orgId.slice(0, 8)}`, sharing: { all: true }, credentials: await kubeconfigCredentials() });
      sharedWithA = await unreachable(admin, { sharing: { orgIds: [a.orgId] } });
      platformOnly = await unreachable(admin, {});
    });

    it('reads: own organization’s and shared clusters; anything else is NOT_FOUND, like a missing one', async () => {
      for (const visible of [ownedA, sharedAll, sharedWithA]) {
        await expect(sut.as<ClusterDto>(a.viewer, REGISTRY_SUBJECTS.get, { clusterId: visible.id })).resolves.toMatchObject({ id: visible.id });
      }
      for (const hidden of [ownedB.id, platformOnly.id, randomUUID()]) expect(await codeOf(a.viewer, REGISTRY_SUBJECTS.get, { clusterId: hidden })).toBe('NOT_FOUND');
      expect(await codeOf(b.viewer, REGISTRY_SUBJECTS.get, { clusterId: sharedWithA.id })).toBe('NOT_FOUND');
      await expect(sut.as<ClusterDto>(admin, REGISTRY_SUBJECTS.get, { clusterId: ownedB.id })).resolves.toMatchObject({ manageable: true });
      expect(await codeOf(undefined, REGISTRY_SUBJECTS.get, { clusterId: ownedA.id })).toBe('UNAUTHENTICATED');
    });

    it('the credentials summary and sharing list go only to those who may manage the cluster', async () => {
      const as = (identity: IdentityDto, id: string) => sut.as<ClusterDto>(identity, REGISTRY_SUBJECTS.get, { clusterId: id });
      expect(await as(a.orgAdmin, ownedA.id)).toMatchObject({ manageable: true, credentials: { type: CredentialType.Kubeconfig } });
      for (const reader of [a.member, a.viewer, a.readOnlyAdmin]) expect(await as(reader, ownedA.id)).toMatchObject({ manageable: false, credentials: null });
      expect(await as(a.orgAdmin, sharedWithA.id)).toMatchObject({ manageable: false, credentials: null, sharing: { all: false, orgIds: [] } });
      expect(await as(admin, sharedWithA.id)).toMatchObject({ sharing: { orgIds: [a.orgId] }, credentials: { type: CredentialType.Token } });
    });

    it('registering: org admins for their own organization only; members, viewers and read-only tokens are FORBIDDEN; platform admins for an organization auth confirms', async () => {
      for (const caller of [a.member, a.viewer, a.readOnlyAdmin]) expect(await codeOf(caller, REGISTRY_SUBJECTS.create, { name: 'x', credentials: await kubeconfigCredentials() })).toBe('FORBIDDEN');
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'x', orgId: b.orgId, credentials: await kubeconfigCredentials() })).toBe('NOT_FOUND');
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'x', sharing: { all: true }, credentials: await kubeconfigCredentials() })).toBe('FORBIDDEN');
      // a platform admin names the organization; the registry asks auth that it exists (not running here)
      const unverified = await sut.failure(admin, REGISTRY_SUBJECTS.create, { name: 'for-b', orgId: b.orgId, credentials: await kubeconfigCredentials() });
      expect(unverified).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { service: 'auth' } });
      expect((await sut.as<ClusterPageDto>(admin, REGISTRY_SUBJECTS.list, { orgId: b.orgId })).items.map((c) => c.name)).toEqual(['own']);
    });

    it('changing and deleting: the owner’s org admins; shared clusters are FORBIDDEN, other organizations’ NOT_FOUND', async () => {
      const patched = await sut.as<ClusterDto>(a.orgAdmin, REGISTRY_SUBJECTS.update, { clusterId: ownedA.id, displayName: 'Own cluster', labels: { tier: 'gold' } });
      expect(patched).toMatchObject({ displayName: 'Own cluster', labels: { tier: 'gold' } });
      for (const subject of [REGISTRY_SUBJECTS.update, REGISTRY_SUBJECTS.delete]) {
        expect(await codeOf(a.member, subject, { clusterId: ownedA.id })).toBe('FORBIDDEN');
        expect(await codeOf(a.orgAdmin, subject, { clusterId: sharedAll.id })).toBe('FORBIDDEN');
        expect(await codeOf(a.orgAdmin, subject, { clusterId: ownedB.id })).toBe('NOT_FOUND');
        expect(await codeOf(a.readOnlyAdmin, subject, { clusterId: ownedA.id })).toBe('FORBIDDEN');
      }
      const replace = { type: CredentialType.Token, server: refusedServer, token: 'x' };
      expect(await codeOf(a.member, REGISTRY_SUBJECTS.replaceCredentials, { clusterId: ownedA.id, ...replace })).toBe('FORBIDDEN');
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.replaceCredentials, { clusterId: sharedAll.id, ...replace })).toBe('FORBIDDEN');
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.replaceCredentials, { clusterId: ownedB.id, ...replace })).toBe('NOT_FOUND');
      const unchanged = await sut.as<ClusterDto>(admin, REGISTRY_SUBJECTS.get, { clusterId: ownedB.id });
      expect(unchanged).toMatchObject({ displayName: 'own', status: ClusterStatus.Ready });
    });

    it('sharing: only platform admins set it, and it makes the cluster visible to the organization', async () => {
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.update, { clusterId: ownedA.id, sharing: { orgIds: [b.orgId] } })).toBe('FORBIDDEN');
      expect(await codeOf(b.viewer, REGISTRY_SUBJECTS.get, { clusterId: ownedA.id })).toBe('NOT_FOUND');
      await sut.as(admin, REGISTRY_SUBJECTS.update, { clusterId: ownedA.id, sharing: { orgIds: [b.orgId] } });
      await expect(sut.as<ClusterDto>(b.viewer, REGISTRY_SUBJECTS.get, { clusterId: ownedA.id })).resolves.toMatchObject({ id: ownedA.id, manageable: false });
      expect(await codeOf(b.orgAdmin, REGISTRY_SUBJECTS.delete, { clusterId: ownedA.id })).toBe('FORBIDDEN');
      await sut.as(admin, REGISTRY_SUBJECTS.update, { clusterId: ownedA.id, sharing: { orgIds: [] } });
      expect(await codeOf(b.viewer, REGISTRY_SUBJECTS.get, { clusterId: ownedA.id })).toBe('NOT_FOUND');
    });

    it('testing and detecting: members on clusters they see (shared ones too); viewers FORBIDDEN', async () => {
      await expect(sut.as(a.member, REGISTRY_SUBJECTS.test, { clusterId: sharedAll.id })).resolves.toMatchObject({ ok: true });
      await expect(sut.as(a.member, REGISTRY_SUBJECTS.detect, { clusterId: ownedA.id })).resolves.toMatchObject({ provider: 'vanilla' });
      expect(await codeOf(a.viewer, REGISTRY_SUBJECTS.test, { clusterId: ownedA.id })).toBe('FORBIDDEN');
      expect(await codeOf(a.viewer, REGISTRY_SUBJECTS.detect, { clusterId: ownedA.id })).toBe('FORBIDDEN');
      expect(await codeOf(b.member, REGISTRY_SUBJECTS.test, { clusterId: ownedA.id })).toBe('NOT_FOUND');
    });

    it('capacity and fit: anyone who sees the cluster, viewers included', async () => {
      await expect(sut.as(a.viewer, REGISTRY_SUBJECTS.capacity, { clusterId: sharedAll.id })).resolves.toMatchObject({ clusterId: sharedAll.id });
      await expect(sut.as(a.viewer, REGISTRY_SUBJECTS.fit, { clusterId: ownedA.id, requests: { cpu: '1' } })).resolves.toMatchObject({ fits: true });
      expect(await codeOf(b.viewer, REGISTRY_SUBJECTS.capacity, { clusterId: ownedA.id })).toBe('NOT_FOUND');
      expect(await codeOf(b.viewer, REGISTRY_SUBJECTS.fit, { clusterId: ownedA.id, requests: { cpu: '1' } })).toBe('NOT_FOUND');
    });

    it('key rotation: platform admins only', async () => {
      await expect(sut.as<KeyRotationResultDto>(admin, REGISTRY_SUBJECTS.rotateKeys)).resolves.toMatchObject({ activeKeyId: 'k1', remainingOnOtherKeys: 0 });
      expect(await codeOf(a.orgAdmin, REGISTRY_SUBJECTS.rotateKeys, {})).toBe('FORBIDDEN');
    });
  });

  describe('listing', () => {
    const list = (as: IdentityDto, query: Record<string, unknown>) => sut.as<ClusterPageDto>(as, REGISTRY_SUBJECTS.list, query);
    const names = (page: ClusterPageDto) => page.items.map((c) => c.name);

    it('filters by provider, status, label selector and owner, only among visible clusters', async () => {
      const org = tenant();
      const run = randomUUID().slice(0, 8);
      const eks = await sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'eks-one', labels: { run, env: 'prod' }, credentials: await kubeconfigCredentials('eks') });
      const k3s = await sut.as<ClusterDto>(org.orgAdmin, REGISTRY_SUBJECTS.create, { name: 'k3s-one', labels: { run, env: 'dev' }, credentials: await kubeconfigCredentials('k3s') });
      const down = await unreachable(org.orgAdmin, { name: 'down-one', labels: { run, env: 'prod' } });
      await unreachable(tenant().orgAdmin, { name: 'elsewhere', labels: { run, env: 'prod' } });
      expect(names(await list(org.viewer, { labelSelector: `run=${run}` }))).toEqual(['down-one', 'eks-one', 'k3s-one']);
      expect(names(await list(org.viewer, { labelSelector: `run=${run}`, provider: 'eks' }))).toEqual([eks.name]);
      expect(names(await list(org.viewer, { labelSelector: `run=${run}`, status: 'unreachable' }))).toEqual([down.name]);
      expect(names(await list(org.viewer, { labelSelector: `run==${run},env=prod` }))).toEqual(['down-one', 'eks-one']);
      expect(names(await list(org.viewer, { labelSelector: `run=${run},env!=prod` }))).toEqual([k3s.name]);
      expect(names(await list(admin, { labelSelector: `run=${run}`, orgId: org.orgId }))).toEqual(['down-one', 'eks-one', 'k3s-one']);
      expect(names(await list(admin, { labelSelector: `run=${run}` }))).toHaveLength(4);
    });

    it('a selector it cannot parse is a 400 naming labelSelector', async () => {
      for (const labelSelector of ['env in (prod)', 'env', '=x', 'bad key=x']) {
        const failure = await sut.failure(admin, REGISTRY_SUBJECTS.list, { labelSelector });
        expect(failure.code).toBe('VALIDATION_FAILED');
        expect((failure.details!.fields as Array<{ field: string }>)[0].field).toBe('labelSelector');
      }
    });

    it('pages by name with a keyset cursor', async () => {
      const org = tenant();
      const run = randomUUID().slice(0, 8);
      for (const name of ['e', 'b', 'd', 'a', 'c']) await unreachable(org.orgAdmin, { name, labels: { run } });
      const first = await list(org.member, { labelSelector: `run=${run}`, limit: 2 });
      const second = await list(org.member, { labelSelector: `run=${run}`, limit: 2, cursor: first.nextCursor });
      const third = await list(org.member, { labelSelector: `run=${run}`, limit: 2, cursor: second.nextCursor });
      expect([names(first), names(second), names(third)]).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      expect(third.nextCursor).toBeNull();
      expect((await sut.failure(org.member, REGISTRY_SUBJECTS.list, { cursor: 'bm90LWEtY3Vyc29y' })).code).toBe('VALIDATION_FAILED');
    });
  });

  it('a deleted organization’s clusters are deleted and it leaves sharing lists (identity.organization-deleted)', async () => {
    const gone = tenant();
    const owned = await unreachable(gone.orgAdmin, {});
    const shared = await unreachable(admin, { sharing: { orgIds: [gone.orgId, randomUUID()] } });
    const event = { orgId: gone.orgId, name: `org-${gone.orgId.slice(0, 8)}`, occurredAt: new Date().toISOString() };
    await sut.connection.jetstream().publish(IDENTITY_EVENTS.organizationDeleted, JSON.stringify(event), { msgID: randomUUID() });
    const deleted = await sut.events(owned.id, 2);
    expect(deleted.map((e) => e.subject)).toEqual([REGISTRY_EVENTS.registered, REGISTRY_EVENTS.deleted]);
    expect(deleted[1].event.actorId).toBeNull();
    expect(await codeOf(admin, REGISTRY_SUBJECTS.get, { clusterId: owned.id })).toBe('NOT_FOUND');
    const after = await sut.as<ClusterDto>(admin, REGISTRY_SUBJECTS.get, { clusterId: shared.id });
    expect(after.sharing.orgIds).not.toContain(gone.orgId);
    expect(after.sharing.orgIds).toHaveLength(1);
  });
});
