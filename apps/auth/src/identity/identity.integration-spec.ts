import { SignJWT, UnsecuredJWT } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import {
  ErrorCode,
  IDENTITY_SUBJECTS as S,
  Role,
  TokenScope,
  type AccessTokenDto,
  type ApiTokenDto,
  type AuthenticateResult,
  type CreatedApiTokenDto,
  type IdentityDto,
  type MeDto,
  type OrganizationDto,
  type TeamDto,
  type UserDto,
} from '@flotilla/contracts';
import type { StartedService } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { AuthClient, randomBootstrapToken, scratchDatabase, startAuth, type ScratchDatabase } from './testing/auth-under-test';

const JWT_SECRET = 'integration-test-secret-0123456789-abcdefghij';
const PASSWORD = 'a long enough passphrase';

/** The identity context of the auth service over NATS, as the gateway (and anyone else on NATS) calls it. */
describe('identity over NATS (auth service)', () => {
  let database: ScratchDatabase;
  let service: StartedService;
  let sut: AuthClient;
  const bootstrapToken = randomBootstrapToken();
  let admin: IdentityDto;

  const authenticate = async (credential: string) => (await sut.as<AuthenticateResult>(undefined, S.authenticate, { credential })).identity;
  const login = (username: string, password = PASSWORD) => sut.as<AccessTokenDto>(undefined, S.login, { username, password });
  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  /** An organization with an org admin, a member and a viewer, each authenticated through a password login. */
  async function tenant() {
    const org = await sut.as<OrganizationDto>(admin, S.organizationCreate, { name: unique('org') });
    const user = async (role: Role) => {
      const created = await sut.as<UserDto>(admin, S.userCreate, { orgId: org.id, username: unique(role), role, password: PASSWORD });
      return { user: created, identity: await authenticate((await login(created.username)).accessToken) };
    };
    return { org, orgAdmin: await user(Role.OrgAdmin), member: await user(Role.Member), viewer: await user(Role.Viewer) };
  }

  beforeAll(async () => {
    database = await scratchDatabase();
    service = await startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: bootstrapToken, JWT_SECRET });
    sut = await AuthClient.connect();
    admin = await authenticate(bootstrapToken);
  });

  afterAll(async () => {
    await sut?.close();
    await service?.app.close();
    await database?.drop();
  });

  describe('API tokens', () => {
    it('returns the token once, stores only its SHA-256, and lists it without token or hash', async () => {
      const { orgAdmin } = await tenant();
      const created = await sut.as<CreatedApiTokenDto>(orgAdmin.identity, S.tokenCreate, { name: 'ci', scopes: [TokenScope.Read] });
      expect(created.token).toMatch(/^flt_[A-Za-z0-9]{40}$/);
      expect(created.token.startsWith(created.prefix)).toBe(true);

      const rows = await query<Record<string, unknown>>(database.url, 'SELECT * FROM auth.api_tokens WHERE id = $1', [created.id]);
      expect(rows[0].token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const everything = await query<{ dump: string }>(
        database.url,
        `SELECT concat_ws('|', (SELECT json_agg(t)::text FROM auth.api_tokens t), (SELECT json_agg(u)::text FROM auth.users u),
           (SELECT json_agg(o)::text FROM auth.outbox o), (SELECT json_agg(s)::text FROM auth.settings s)) AS dump`,
      );
      expect(everything[0].dump).not.toContain(created.token);

      const listed = await sut.as<ApiTokenDto[]>(orgAdmin.identity, S.tokenList);
      expect(listed.map((t) => t.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(created.token);
      expect(JSON.stringify(listed)).not.toMatch(/hash/i);

      const identity = await authenticate(created.token);
      expect(identity).toMatchObject({ userId: orgAdmin.user.id, scopes: [TokenScope.Read], tokenId: created.id });
    });

    it('a revoked token is refused at once, and the revocation is announced without the token', async () => {
      const { member } = await tenant();
      const created = await sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'laptop', scopes: [TokenScope.Read, TokenScope.Write] });
      await authenticate(created.token);
      await sut.as(member.identity, S.tokenRevoke, { tokenId: created.id });
      expect(await sut.errorOf(undefined, S.authenticate, { credential: created.token })).toBe(ErrorCode.Unauthenticated);
      await sut.as(member.identity, S.tokenRevoke, { tokenId: created.id }); // idempotent, announced once
      const events = await query<{ payload: { tokenId: string } }>(database.url, "SELECT payload FROM auth.outbox WHERE subject = 'identity.token-revoked'");
      expect(events.filter((e) => e.payload.tokenId === created.id)).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(created.token);
    });

    it('an expired token is refused; an expiry in the past is refused at creation', async () => {
      const { member } = await tenant();
      const created = await sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, {
        name: 'short-lived',
        scopes: [TokenScope.Read],
        expiresAt: new Date(Date.now() + 1_000).toISOString(),
      });
      await expect(authenticate(created.token)).resolves.toMatchObject({ tokenId: created.id });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await sut.errorOf(undefined, S.authenticate, { credential: created.token })).toBe(ErrorCode.Unauthenticated);
      const past = { name: 'past', scopes: [TokenScope.Read], expiresAt: new Date(Date.now() - 60_000).toISOString() };
      expect(await sut.errorOf(member.identity, S.tokenCreate, past)).toBe(ErrorCode.ValidationFailed);
    });

    it('records the last use, at most once a minute', async () => {
      const { member } = await tenant();
      const created = await sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'usage', scopes: [TokenScope.Read] });
      expect(created.lastUsedAt).toBeNull();
      await authenticate(created.token);
      await expect.poll(async () => (await sut.as<ApiTokenDto[]>(member.identity, S.tokenList)).find((t) => t.id === created.id)?.lastUsedAt).not.toBeNull();
    });

    it('a read-only credential cannot mint a token; org admins revoke their users’ tokens, not other orgs’', async () => {
      const { org, orgAdmin, viewer } = await tenant();
      const other = await tenant();
      const readOnly = { ...viewer.identity, scopes: [TokenScope.Read] };
      expect(await sut.errorOf(readOnly, S.tokenCreate, { name: 'x', scopes: [TokenScope.Write] })).toBe(ErrorCode.Forbidden);

      const token = await sut.as<CreatedApiTokenDto>(viewer.identity, S.tokenCreate, { name: 'viewer-cli', scopes: [TokenScope.Read] });
      const params = { orgId: org.id, userId: viewer.user.id, tokenId: token.id };
      expect(await sut.errorOf(other.orgAdmin.identity, S.userTokenRevoke, params)).toBe(ErrorCode.NotFound);
      expect(await sut.errorOf(other.orgAdmin.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.NotFound);
      expect(await sut.errorOf(other.orgAdmin.identity, S.tokenRevoke, { tokenId: token.id })).toBe(ErrorCode.NotFound);
      expect(await sut.errorOf(viewer.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.Forbidden);

      const listed = await sut.as<ApiTokenDto[]>(orgAdmin.identity, S.userTokenList, { orgId: org.id, userId: viewer.user.id });
      expect(listed.map((t) => t.id)).toEqual([token.id]);
      await sut.as(orgAdmin.identity, S.userTokenRevoke, params);
      expect(await sut.errorOf(undefined, S.authenticate, { credential: token.token })).toBe(ErrorCode.Unauthenticated);
    });
  });

  describe('password login and access tokens (JWT)', () => {
    let user: UserDto;
    const key = new TextEncoder().encode(JWT_SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const forge = (claims: { iss?: string; aud?: string; exp?: number; sub?: string }, alg = 'HS256', signingKey = key) =>
      new SignJWT({})
        .setProtectedHeader({ alg })
        .setSubject(claims.sub ?? user.id)
        .setIssuer(claims.iss ?? 'flotilla')
        .setAudience(claims.aud ?? 'flotilla-api')
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? now() + 300)
        .sign(signingKey);

    beforeAll(async () => {
      const { member } = await tenant();
      user = member.user;
      await sut.as(admin, S.userUpdate, { orgId: user.orgId, userId: user.id, email: `${user.username}@example.com` });
    });

    it('issues a short-lived HS256 token with sub, iss, aud and exp that authenticates the user', async () => {
      const answer = await login(user.username);
      expect(answer).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const [header, payload] = answer.accessToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: user.id, iss: 'flotilla', aud: 'flotilla-api' });
      expect(payload.exp - payload.iat).toBe(900);
      expect(await authenticate(answer.accessToken)).toMatchObject({ userId: user.id, orgId: user.orgId, role: Role.Member, scopes: ['read', 'write'] });
    });

    it('accepts the email and any letter case, refuses a wrong password and an unknown user alike', async () => {
      await expect(login(`${user.username}@EXAMPLE.com`)).resolves.toMatchObject({ tokenType: 'Bearer' });
      await expect(login(user.username.toUpperCase())).resolves.toMatchObject({ tokenType: 'Bearer' });
      const wrong = await login(user.username, 'not the password at all').catch((error: Error) => error.message);
      const unknown = await login('nobody-here', PASSWORD).catch((error: Error) => error.message);
      expect(wrong).toBe('invalid username or password');
      expect(unknown).toBe(wrong);
    });

    it('a correctly forged token verifies (the test’s forger is right)', async () => {
      expect(await authenticate(await forge({}))).toMatchObject({ userId: user.id });
    });

    it.each([
      ['another algorithm (HS512)', () => forge({}, 'HS512')],
      ['another audience', () => forge({ aud: 'someone-else' })],
      ['another issuer', () => forge({ iss: 'evil' })],
      ['an expired token', () => forge({ exp: now() - 5 })],
      ['another key', () => forge({}, 'HS256', new TextEncoder().encode('another-secret-another-secret-another'))],
      ['alg none', async () => new UnsecuredJWT({ sub: user.id }).setIssuer('flotilla').setAudience('flotilla-api').setExpirationTime('5m').encode()],
      ['a tampered payload', async () => {
        const [header, , signature] = (await forge({})).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), iss: 'flotilla', aud: 'flotilla-api', exp: now() + 300 })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      }],
      ['a deleted user', () => forge({ sub: randomUUID() })],
    ])('refuses %s', async (_, make) => {
      expect(await sut.errorOf(undefined, S.authenticate, { credential: await make() })).toBe(ErrorCode.Unauthenticated);
    });

    it('never answers the password or its hash, and stores only an argon2id hash', async () => {
      const [row] = await query<{ password_hash: string }>(database.url, 'SELECT password_hash FROM auth.users WHERE id = $1', [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const shown = JSON.stringify(await sut.as<UserDto>(admin, S.userGet, { orgId: user.orgId, userId: user.id }));
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain('argon2');
      expect(shown).not.toMatch(/hash/i);
    });
  });

  describe('authorization on the identity from the header', () => {
    it('refuses a call without identity, or with a malformed one', async () => {
      expect(await sut.errorOf(undefined, S.organizationList)).toBe(ErrorCode.Unauthenticated);
      const forged = { userId: 'x', orgId: null, role: 'god', teamIds: [], scopes: [] } as unknown as IdentityDto;
      expect(await sut.errorOf(forged, S.organizationList)).toBe(ErrorCode.Unauthenticated);
    });

    it('only platform admins create, rename and delete organizations; others see only their own', async () => {
      const { org, orgAdmin, member } = await tenant();
      const other = await tenant();
      expect(await sut.errorOf(orgAdmin.identity, S.organizationCreate, { name: unique('nope') })).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(orgAdmin.identity, S.organizationUpdate, { orgId: org.id, displayName: 'x' })).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(orgAdmin.identity, S.organizationDelete, { orgId: org.id })).toBe(ErrorCode.Forbidden);
      expect((await sut.as<OrganizationDto[]>(member.identity, S.organizationList)).map((o) => o.id)).toEqual([org.id]);
      expect(await sut.as<OrganizationDto>(member.identity, S.organizationGet, { orgId: org.id })).toMatchObject({ id: org.id });
      expect(await sut.errorOf(orgAdmin.identity, S.organizationGet, { orgId: other.org.id })).toBe(ErrorCode.NotFound);
      expect(await sut.errorOf(orgAdmin.identity, S.organizationUpdate, { orgId: other.org.id, displayName: 'x' })).toBe(ErrorCode.NotFound);
      const all = await sut.as<OrganizationDto[]>(admin, S.organizationList);
      expect(all.map((o) => o.id)).toEqual(expect.arrayContaining([org.id, other.org.id]));
      expect(await sut.errorOf(admin, S.organizationCreate, { name: org.name })).toBe(ErrorCode.Conflict);
    });

    it('org admins manage teams and users; members and viewers are refused; read-only credentials too', async () => {
      const { org, orgAdmin, member, viewer } = await tenant();
      const team = { orgId: org.id, name: unique('team') };
      expect(await sut.errorOf(member.identity, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(viewer.identity, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf({ ...orgAdmin.identity, scopes: [TokenScope.Read] }, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      const created = await sut.as<TeamDto>(orgAdmin.identity, S.teamCreate, team);
      expect(await sut.errorOf(orgAdmin.identity, S.teamCreate, team)).toBe(ErrorCode.Conflict);
      expect(await sut.as<TeamDto[]>(viewer.identity, S.teamList, { orgId: org.id })).toEqual([created]);

      const newUser = { orgId: org.id, username: unique('u'), password: PASSWORD };
      expect(await sut.errorOf(member.identity, S.userCreate, newUser)).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(member.identity, S.userSetRole, { orgId: org.id, userId: viewer.user.id, role: Role.OrgAdmin })).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(member.identity, S.userDelete, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.Forbidden);
      expect(await sut.errorOf(orgAdmin.identity, S.userCreate, { ...newUser, role: Role.PlatformAdmin })).toBe(ErrorCode.ValidationFailed);
      expect(await sut.errorOf(orgAdmin.identity, S.userCreate, { ...newUser, password: 'too-short' })).toBe(ErrorCode.ValidationFailed);
      const user = await sut.as<UserDto>(orgAdmin.identity, S.userCreate, newUser);
      expect(user).toMatchObject({ orgId: org.id, role: Role.Member, passwordSet: true });
      expect(await sut.errorOf(orgAdmin.identity, S.userCreate, newUser)).toBe(ErrorCode.Conflict);

      const promoted = await sut.as<UserDto>(orgAdmin.identity, S.userSetRole, { orgId: org.id, userId: user.id, role: Role.Viewer });
      expect(promoted.role).toBe(Role.Viewer);
      expect(await sut.errorOf(orgAdmin.identity, S.userSetRole, { orgId: org.id, userId: orgAdmin.user.id, role: Role.Member })).toBe(ErrorCode.Conflict);
      await sut.as(orgAdmin.identity, S.teamMemberAdd, { orgId: org.id, teamId: created.id, userId: member.user.id });
      const me = await sut.as<MeDto>(await authenticate((await login(member.user.username)).accessToken), S.me);
      expect(me).toMatchObject({ user: { id: member.user.id }, organization: { id: org.id }, role: Role.Member, teams: [{ id: created.id }] });
    });

    it('another organization’s objects are NOT_FOUND, exactly like missing ones, and its id in a request changes nothing', async () => {
      const mine = await tenant();
      const theirs = await tenant();
      const theirTeam = await sut.as<TeamDto>(theirs.orgAdmin.identity, S.teamCreate, { orgId: theirs.org.id, name: unique('t') });
      const me = mine.orgAdmin.identity;
      const missing = randomUUID();
      const cases: Array<[string, object]> = [
        [S.teamGet, { orgId: theirs.org.id, teamId: theirTeam.id }],
        [S.teamGet, { orgId: mine.org.id, teamId: theirTeam.id }],
        [S.teamGet, { orgId: mine.org.id, teamId: missing }],
        [S.teamUpdate, { orgId: mine.org.id, teamId: theirTeam.id, displayName: 'mine now' }],
        [S.teamDelete, { orgId: mine.org.id, teamId: theirTeam.id }],
        [S.teamList, { orgId: theirs.org.id }],
        [S.userList, { orgId: theirs.org.id }],
        [S.userGet, { orgId: mine.org.id, userId: theirs.member.user.id }],
        [S.userUpdate, { orgId: mine.org.id, userId: theirs.member.user.id, displayName: 'x' }],
        [S.userDelete, { orgId: mine.org.id, userId: theirs.member.user.id }],
        [S.userSetRole, { orgId: mine.org.id, userId: theirs.member.user.id, role: Role.Viewer }],
        [S.userCreate, { orgId: theirs.org.id, username: unique('sneaky'), password: PASSWORD }],
        [S.teamMemberAdd, { orgId: mine.org.id, teamId: theirTeam.id, userId: mine.member.user.id }],
        [S.teamMemberAdd, { orgId: theirs.org.id, teamId: theirTeam.id, userId: mine.member.user.id }],
        [S.organizationGet, { orgId: missing }],
      ];
      for (const [subject, payload] of cases) expect([subject, await sut.errorOf(me, subject, payload)]).toEqual([subject, ErrorCode.NotFound]);

      const team = await sut.as<TeamDto>(me, S.teamCreate, { orgId: mine.org.id, name: unique('t') });
      expect(await sut.errorOf(me, S.teamMemberAdd, { orgId: mine.org.id, teamId: team.id, userId: theirs.member.user.id })).toBe(ErrorCode.NotFound);
      expect(await sut.errorOf(me, S.teamCreate, { orgId: mine.org.id, name: unique('t'), ownerOrgId: theirs.org.id })).toBe(ErrorCode.ValidationFailed);
      expect(await sut.as<TeamDto>(theirs.orgAdmin.identity, S.teamGet, { orgId: theirs.org.id, teamId: theirTeam.id })).toEqual(theirTeam);
      expect(await sut.as<UserDto>(theirs.orgAdmin.identity, S.userGet, { orgId: theirs.org.id, userId: theirs.member.user.id })).toMatchObject({
        role: Role.Member,
        displayName: theirs.member.user.displayName,
      });
    });

    it('deleting an organization deletes its users, whose credentials stop working, and announces it', async () => {
      const { org, member } = await tenant();
      const token = await sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'doomed', scopes: [TokenScope.Read] });
      await sut.as(admin, S.organizationDelete, { orgId: org.id });
      expect(await sut.errorOf(undefined, S.authenticate, { credential: token.token })).toBe(ErrorCode.Unauthenticated);
      expect(await sut.errorOf(admin, S.organizationGet, { orgId: org.id })).toBe(ErrorCode.NotFound);
      const events = await query<{ payload: { orgId: string } }>(database.url, "SELECT payload FROM auth.outbox WHERE subject = 'identity.organization-deleted'");
      expect(events.map((e) => e.payload.orgId)).toContain(org.id);
    });
  });
});
