import { randomUUID } from 'node:crypto';
import { ErrorCode, IDENTITY_SUBJECTS as S, Role, TokenScope, type CreatedApiTokenDto, type IdentityDto, type MeDto, type OrganizationDto, type TeamDto, type UserDto } from '@flotilla/contracts';
import { query } from '@flotilla/common/testing';
import { PASSWORD, useIdentityRig } from './testing/identity-rig';

/** The identity context authorizes on the identity header of each NATS request. */
describe('identity over NATS (auth service)', () => {
  const rig = useIdentityRig();
  const { authenticate, login, unique, tenant } = rig;

  describe('authorization on the identity from the header', () => {
    it('refuses a call without identity, or with a malformed one', async () => {
      expect(await rig.sut.errorOf(undefined, S.organizationList)).toBe(ErrorCode.Unauthenticated);
      const forged = { userId: 'x', orgId: null, role: 'god', teamIds: [], scopes: [] } as unknown as IdentityDto;
      expect(await rig.sut.errorOf(forged, S.organizationList)).toBe(ErrorCode.Unauthenticated);
    });

    it('only platform admins create, rename and delete organizations; others see only their own', async () => {
      const { org, orgAdmin, member } = await tenant();
      const other = await tenant();
      expect(await rig.sut.errorOf(orgAdmin.identity, S.organizationCreate, { name: unique('nope') })).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.organizationUpdate, { orgId: org.id, displayName: 'x' })).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.organizationDelete, { orgId: org.id })).toBe(ErrorCode.Forbidden);
      expect((await rig.sut.as<OrganizationDto[]>(member.identity, S.organizationList)).map((o) => o.id)).toEqual([org.id]);
      expect(await rig.sut.as<OrganizationDto>(member.identity, S.organizationGet, { orgId: org.id })).toMatchObject({ id: org.id });
      expect(await rig.sut.errorOf(orgAdmin.identity, S.organizationGet, { orgId: other.org.id })).toBe(ErrorCode.NotFound);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.organizationUpdate, { orgId: other.org.id, displayName: 'x' })).toBe(ErrorCode.NotFound);
      const all = await rig.sut.as<OrganizationDto[]>(rig.admin, S.organizationList);
      expect(all.map((o) => o.id)).toEqual(expect.arrayContaining([org.id, other.org.id]));
      expect(await rig.sut.errorOf(rig.admin, S.organizationCreate, { name: org.name })).toBe(ErrorCode.Conflict);
    });

    it('org admins manage teams and users; members and viewers are refused; read-only credentials too', async () => {
      const { org, orgAdmin, member, viewer } = await tenant();
      const team = { orgId: org.id, name: unique('team') };
      expect(await rig.sut.errorOf(member.identity, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(viewer.identity, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf({ ...orgAdmin.identity, scopes: [TokenScope.Read] }, S.teamCreate, team)).toBe(ErrorCode.Forbidden);
      const created = await rig.sut.as<TeamDto>(orgAdmin.identity, S.teamCreate, team);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.teamCreate, team)).toBe(ErrorCode.Conflict);
      expect(await rig.sut.as<TeamDto[]>(viewer.identity, S.teamList, { orgId: org.id })).toEqual([created]);

      const newUser = { orgId: org.id, username: unique('u'), password: PASSWORD };
      expect(await rig.sut.errorOf(member.identity, S.userCreate, newUser)).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(member.identity, S.userSetRole, { orgId: org.id, userId: viewer.user.id, role: Role.OrgAdmin })).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(member.identity, S.userDelete, { orgId: org.id, userId: viewer.user.id })).toBe(ErrorCode.Forbidden);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.userCreate, { ...newUser, role: Role.PlatformAdmin })).toBe(ErrorCode.ValidationFailed);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.userCreate, { ...newUser, password: 'too-short' })).toBe(ErrorCode.ValidationFailed);
      const user = await rig.sut.as<UserDto>(orgAdmin.identity, S.userCreate, newUser);
      expect(user).toMatchObject({ orgId: org.id, role: Role.Member, passwordSet: true });
      expect(await rig.sut.errorOf(orgAdmin.identity, S.userCreate, newUser)).toBe(ErrorCode.Conflict);

      const promoted = await rig.sut.as<UserDto>(orgAdmin.identity, S.userSetRole, { orgId: org.id, userId: user.id, role: Role.Viewer });
      expect(promoted.role).toBe(Role.Viewer);
      expect(await rig.sut.errorOf(orgAdmin.identity, S.userSetRole, { orgId: org.id, userId: orgAdmin.user.id, role: Role.Member })).toBe(ErrorCode.Conflict);
      await rig.sut.as(orgAdmin.identity, S.teamMemberAdd, { orgId: org.id, teamId: created.id, userId: member.user.id });
      const me = await rig.sut.as<MeDto>(await authenticate((await login(member.user.username)).accessToken), S.me);
      expect(me).toMatchObject({ user: { id: member.user.id }, organization: { id: org.id }, role: Role.Member, teams: [{ id: created.id }] });
    });

    it('another organization’s objects are NOT_FOUND, exactly like missing ones, and its id in a request changes nothing', async () => {
      const mine = await tenant();
      const theirs = await tenant();
      const theirTeam = await rig.sut.as<TeamDto>(theirs.orgAdmin.identity, S.teamCreate, { orgId: theirs.org.id, name: unique('t') });
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
      for (const [subject, payload] of cases) expect([subject, await rig.sut.errorOf(me, subject, payload)]).toEqual([subject, ErrorCode.NotFound]);

      const team = await rig.sut.as<TeamDto>(me, S.teamCreate, { orgId: mine.org.id, name: unique('t') });
      expect(await rig.sut.errorOf(me, S.teamMemberAdd, { orgId: mine.org.id, teamId: team.id, userId: theirs.member.user.id })).toBe(ErrorCode.NotFound);
      expect(await rig.sut.errorOf(me, S.teamCreate, { orgId: mine.org.id, name: unique('t'), ownerOrgId: theirs.org.id })).toBe(ErrorCode.ValidationFailed);
      expect(await rig.sut.as<TeamDto>(theirs.orgAdmin.identity, S.teamGet, { orgId: theirs.org.id, teamId: theirTeam.id })).toEqual(theirTeam);
      expect(await rig.sut.as<UserDto>(theirs.orgAdmin.identity, S.userGet, { orgId: theirs.org.id, userId: theirs.member.user.id })).toMatchObject({
        role: Role.Member,
        displayName: theirs.member.user.displayName,
      });
    });

    it('deleting an organization deletes its users, whose credentials stop working, and announces it', async () => {
      const { org, member } = await tenant();
      const token = await rig.sut.as<CreatedApiTokenDto>(member.identity, S.tokenCreate, { name: 'doomed', scopes: [TokenScope.Read] });
      await rig.sut.as(rig.admin, S.organizationDelete, { orgId: org.id });
      expect(await rig.sut.errorOf(undefined, S.authenticate, { credential: token.token })).toBe(ErrorCode.Unauthenticated);
      expect(await rig.sut.errorOf(rig.admin, S.organizationGet, { orgId: org.id })).toBe(ErrorCode.NotFound);
      const events = await query<{ payload: { orgId: string } }>(rig.database.url, "SELECT payload FROM auth.outbox WHERE subject = 'identity.organization-deleted'");
      expect(events.map((e) => e.payload.orgId)).toContain(org.id);
    });
  });
});
