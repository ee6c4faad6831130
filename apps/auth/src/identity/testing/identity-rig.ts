import { randomUUID } from 'node:crypto';
import { IDENTITY_SUBJECTS as S, Role, type AccessTokenDto, type AuthenticateResult, type IdentityDto, type OrganizationDto, type UserDto } from '@flotilla/contracts';
import type { StartedService } from '@flotilla/common';
import { AuthClient, randomBootstrapToken, scratchDatabase, startAuth, type ScratchDatabase } from './auth-under-test';

/** The JWT secret the identity specs' auth service signs with. */
export const JWT_SECRET = 'integration-test-secret-0123456789-abcdefghij';
/** The password of every user the identity specs create. */
export const PASSWORD = 'a long enough passphrase';

/** An auth service on a scratch database, its bootstrap admin, and shorthands the identity specs share. */
export interface IdentityRig {
  database: ScratchDatabase;
  sut: AuthClient;
  admin: IdentityDto;
  authenticate(credential: string): Promise<IdentityDto>;
  login(username: string, password?: string): Promise<AccessTokenDto>;
  unique(prefix: string): string;
  /** An organization with an org admin, a member and a viewer, each authenticated through a password login. */
  tenant(): Promise<{ org: OrganizationDto; orgAdmin: TenantUser; member: TenantUser; viewer: TenantUser }>;
}

/** A user of a tenant and the identity its password login yields. */
export interface TenantUser {
  user: UserDto;
  identity: IdentityDto;
}

/** Starts the rig before the suite's tests (beforeAll) and stops it after them (afterAll). */
export function useIdentityRig(): IdentityRig {
  let service: StartedService | undefined;
  const bootstrapToken = randomBootstrapToken();
  const rig = {
    authenticate: async (credential: string) => (await rig.sut.as<AuthenticateResult>(undefined, S.authenticate, { credential })).identity,
    login: (username: string, password = PASSWORD) => rig.sut.as<AccessTokenDto>(undefined, S.login, { username, password }),
    unique: (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`,
    async tenant() {
      const org = await rig.sut.as<OrganizationDto>(rig.admin, S.organizationCreate, { name: rig.unique('org') });
      const user = async (role: Role): Promise<TenantUser> => {
        const created = await rig.sut.as<UserDto>(rig.admin, S.userCreate, { orgId: org.id, username: rig.unique(role), role, password: PASSWORD });
        return { user: created, identity: await rig.authenticate((await rig.login(created.username)).accessToken) };
      };
      return { org, orgAdmin: await user(Role.OrgAdmin), member: await user(Role.Member), viewer: await user(Role.Viewer) };
    },
  } as IdentityRig;

  beforeAll(async () => {
    rig.database = await scratchDatabase();
    service = await startAuth(rig.database.url, { FLOTILLA_BOOTSTRAP_TOKEN: bootstrapToken, JWT_SECRET });
    rig.sut = await AuthClient.connect();
    rig.admin = await rig.authenticate(bootstrapToken);
  });

  afterAll(async () => {
    await rig.sut?.close();
    await service?.app.close();
    await rig.database?.drop();
  });
  return rig;
}
