/**
 * Roles, from most to least powerful. A platform admin belongs to no organization and sees all;
 * the others act only inside their own organization.
 */
export enum Role {
  PlatformAdmin = 'platform-admin',
  OrgAdmin = 'org-admin',
  Member = 'member',
  Viewer = 'viewer',
}

/** Scopes an API token can carry; a read token cannot mutate whatever the user's role. */
export enum TokenScope {
  Read = 'read',
  Write = 'write',
}

/** Roles inside an organization, the ones an org admin can give (platform admins belong to none). */
export const ORG_ROLES = [Role.OrgAdmin, Role.Member, Role.Viewer] as const;

/** One of {@link ORG_ROLES}. */
export type OrgRole = (typeof ORG_ROLES)[number];
