/**
 * NATS request/reply subjects of the identity context, answered by the auth service
 * (`auth.<entity>.<verb>`). Every one but `authenticate` and `login` authorizes on the caller's
 * identity from the `x-flotilla-identity` header.
 */
export const IDENTITY_SUBJECTS = {
  /** Bearer credential (API token or access token) → the caller's identity. Asked by the gateway. */
  authenticate: 'auth.credential.authenticate',
  /** Username or email plus password → a short-lived signed access token (JWT). */
  login: 'auth.session.login',
  /** The caller: user, organization, role, teams, scopes. */
  me: 'auth.me.get',

  organizationCreate: 'auth.organization.create',
  organizationList: 'auth.organization.list',
  organizationGet: 'auth.organization.get',
  organizationUpdate: 'auth.organization.update',
  organizationDelete: 'auth.organization.delete',

  teamCreate: 'auth.team.create',
  teamList: 'auth.team.list',
  teamGet: 'auth.team.get',
  teamUpdate: 'auth.team.update',
  teamDelete: 'auth.team.delete',
  teamMemberList: 'auth.team-member.list',
  teamMemberAdd: 'auth.team-member.add',
  teamMemberRemove: 'auth.team-member.remove',

  userCreate: 'auth.user.create',
  userList: 'auth.user.list',
  userGet: 'auth.user.get',
  userUpdate: 'auth.user.update',
  userDelete: 'auth.user.delete',
  userSetRole: 'auth.user.set-role',
  /** An org admin's view of one user's API tokens. */
  userTokenList: 'auth.user-token.list',
  userTokenRevoke: 'auth.user-token.revoke',

  /** The caller's own API tokens. */
  tokenCreate: 'auth.token.create',
  tokenList: 'auth.token.list',
  tokenRevoke: 'auth.token.revoke',
} as const;

/**
 * Domain events of the identity context (past tense, on the auth service's stream). They carry ids,
 * never a token, a hash or a password.
 */
export const IDENTITY_EVENTS = {
  organizationCreated: 'identity.organization-created',
  organizationDeleted: 'identity.organization-deleted',
  userDeleted: 'identity.user-deleted',
  tokenRevoked: 'identity.token-revoked',
} as const;
