import { deriveAction, isAudited, routePattern } from './audit-action.util';

describe(deriveAction.name, () => {
  it.each([
    ['POST', '/api/v1/orgs', 'orgs.create'],
    ['PATCH', '/api/v1/orgs/:orgId', 'orgs.update'],
    ['DELETE', '/api/v1/orgs/:orgId', 'orgs.delete'],
    ['POST', '/api/v1/orgs/:orgId/users', 'users.create'],
    ['PUT', '/api/v1/orgs/:orgId/users/:userId/role', 'users.role.update'],
    ['DELETE', '/api/v1/orgs/:orgId/teams/:teamId/members/:userId', 'teams.members.delete'],
    ['POST', '/api/v1/me/tokens', 'me.tokens.create'],
    ['DELETE', '/api/v1/me/tokens/:tokenId', 'me.tokens.delete'],
    ['POST', '/api/v1/auth/login', 'auth.login'],
    ['POST', '/api/v1/system/ping', 'system.ping'],
    ['POST', '/api/v1/orgs/:orgId/quota-reservations/:reservationId/commit', 'quota-reservations.commit'],
  ] as const)('%s %s is %s', (method, route, action) => {
    expect(deriveAction(method, route)).toBe(action);
  });

  it('names a request no route matched', () => {
    expect(deriveAction('POST', undefined)).toBe('route.unmatched');
  });
});

describe(routePattern.name, () => {
  it('writes parameters as the OpenAPI document does', () => {
    expect(routePattern('/api/v1/orgs/:orgId/users/:userId', '/api/v1/orgs/o-1/users/u-2?x=1')).toBe('/api/v1/orgs/{orgId}/users/{userId}');
  });

  it('keeps the path without its query when no route matched', () => {
    expect(routePattern(undefined, '/api/v1/nope?password=x')).toBe('/api/v1/nope');
  });
});

describe(isAudited.name, () => {
  it.each([
    ['POST', '/api/v1/system/ping', true],
    ['DELETE', '/api/v1/orgs/o-1?force=true', true],
    ['PUT', '/api/v1', true],
    ['PATCH', '/api/v1/x', true],
    ['GET', '/api/v1/orgs', false],
    ['HEAD', '/api/v1/orgs', false],
    ['OPTIONS', '/api/v1/orgs', false],
    ['POST', '/health', false],
    ['POST', '/api/v10/x', false],
    ['POST', '/docs', false],
  ] as const)('%s %s: %s', (method, url, expected) => {
    expect(isAudited(method, url)).toBe(expected);
  });
});
