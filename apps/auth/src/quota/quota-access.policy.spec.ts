import { randomUUID } from 'node:crypto';
import { QuotaScope, Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';
import { authorizeLimitChange, authorizeReservationOwner } from './quota-access.policy';

const orgId = randomUUID();
const teamId = randomUUID();
const who = (role: Role, overrides: Partial<IdentityDto> = {}): IdentityDto => ({
  userId: randomUUID(), orgId: role === Role.PlatformAdmin ? null : orgId, role, teamIds: [teamId], scopes: [TokenScope.Read, TokenScope.Write], ...overrides,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return (error as DomainException).code;
  }
};

describe(authorizeLimitChange.name, () => {
  it.each([
    [Role.PlatformAdmin, QuotaScope.Org, 'OK'],
    [Role.PlatformAdmin, QuotaScope.Team, 'OK'],
    [Role.OrgAdmin, QuotaScope.Org, 'FORBIDDEN'],
    [Role.OrgAdmin, QuotaScope.Team, 'OK'],
    [Role.OrgAdmin, QuotaScope.User, 'OK'],
    [Role.Member, QuotaScope.Team, 'FORBIDDEN'],
    [Role.Viewer, QuotaScope.User, 'FORBIDDEN'],
  ])('%s setting a %s quota: %s', (role, scope, expected) => {
    expect(codeOf(() => authorizeLimitChange(who(role), orgId, scope))).toBe(expected);
  });

  it('another organization is NOT_FOUND whatever the role; a read-only credential is FORBIDDEN', () => {
    expect(codeOf(() => authorizeLimitChange(who(Role.OrgAdmin), randomUUID(), QuotaScope.Team))).toBe('NOT_FOUND');
    expect(codeOf(() => authorizeLimitChange(who(Role.OrgAdmin, { scopes: [TokenScope.Read] }), orgId, QuotaScope.Team))).toBe('FORBIDDEN');
  });
});

describe(authorizeReservationOwner.name, () => {
  it('charges a member, by default, to itself; an org id in the request never overrides the caller’s', () => {
    const member = who(Role.Member);
    expect(authorizeReservationOwner(member, { teamId })).toEqual({ orgId, teamId, userId: member.userId });
    expect(codeOf(() => authorizeReservationOwner(member, { orgId: randomUUID() }))).toBe('NOT_FOUND');
  });

  it('platform admins name the organization; org admins may charge any user or team of theirs', () => {
    expect(codeOf(() => authorizeReservationOwner(who(Role.PlatformAdmin), {}))).toBe('VALIDATION_FAILED');
    expect(authorizeReservationOwner(who(Role.PlatformAdmin), { orgId })).toEqual({ orgId, teamId: null, userId: null });
    const someone = randomUUID();
    expect(authorizeReservationOwner(who(Role.OrgAdmin), { userId: someone })).toMatchObject({ orgId, userId: someone });
  });

  it('viewers cannot reserve', () => {
    expect(codeOf(() => authorizeReservationOwner(who(Role.Viewer), {}))).toBe('FORBIDDEN');
  });
});
