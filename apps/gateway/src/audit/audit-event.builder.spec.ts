import { Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { buildAuditEvent, errorCodeOfPayload, type ObservedRequest } from './audit-event.builder';

const orgAdmin: IdentityDto = { userId: 'u-1', orgId: 'org-a', role: Role.OrgAdmin, teamIds: [], scopes: [TokenScope.Write], tokenId: 'tok-9' };
const platformAdmin: IdentityDto = { userId: 'u-0', orgId: null, role: Role.PlatformAdmin, teamIds: [], scopes: [TokenScope.Write] };

function seen(overrides: Partial<ObservedRequest> = {}): ObservedRequest {
  return {
    method: 'DELETE',
    url: '/api/v1/orgs/org-b/users/u-7?hard=true',
    routeUrl: '/api/v1/orgs/:orgId/users/:userId',
    params: { orgId: 'org-b', userId: 'u-7' },
    requestId: 'req-1',
    ip: '10.0.0.1',
    userAgent: 'curl/8',
    status: 204,
    elapsedMs: 12.4,
    ...overrides,
  };
}

describe(buildAuditEvent.name, () => {
  it('records who, with which token, what, on what and when', () => {
    const now = Date.parse('2024-11-22T10:00:00.000Z');
    const sut = buildAuditEvent(seen({ identity: orgAdmin }), now);
    expect(sut).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: '2024-11-22T09:59:59.988Z',
      requestId: 'req-1',
      userId: 'u-1',
      orgId: 'org-a',
      role: Role.OrgAdmin,
      tokenId: 'tok-9',
      action: 'users.delete',
      method: 'DELETE',
      route: '/api/v1/orgs/{orgId}/users/{userId}',
      target: { orgId: 'org-b', userId: 'u-7' },
      status: 204,
      errorCode: null,
      clientIp: '10.0.0.1',
      userAgent: 'curl/8',
      durationMs: 12,
    });
  });

  it("files a platform admin's or an anonymous request under the organization of the path", () => {
    expect(buildAuditEvent(seen({ identity: platformAdmin })).orgId).toBe('org-b');
    expect(buildAuditEvent(seen()).orgId).toBe('org-b');
    expect(buildAuditEvent(seen({ params: {} })).orgId).toBeNull();
  });

  it('records an anonymous caller as such', () => {
    expect(buildAuditEvent(seen({ status: 401, errorCode: 'UNAUTHENTICATED' }))).toMatchObject({ userId: null, role: null, tokenId: null, errorCode: 'UNAUTHENTICATED' });
  });

  it('takes the error code of the body, else the one of the status', () => {
    expect(buildAuditEvent(seen({ status: 422, errorCode: 'QUOTA_EXCEEDED' })).errorCode).toBe('QUOTA_EXCEEDED');
    expect(buildAuditEvent(seen({ status: 403 })).errorCode).toBe('FORBIDDEN');
    expect(buildAuditEvent(seen({ status: 500, errorCode: 'not a code<script>' })).errorCode).toBe('INTERNAL');
  });

  it('keeps only short scalar path parameters', () => {
    const sut = buildAuditEvent(seen({ params: { id: 'x'.repeat(500), nested: { a: 1 } } }));
    expect(sut.target).toEqual({ id: 'x'.repeat(200) });
  });
});

describe(errorCodeOfPayload.name, () => {
  it('reads error.code of an error body, and nothing else', () => {
    expect(errorCodeOfPayload('{"error":{"code":"NOT_FOUND","message":"x"}}')).toBe('NOT_FOUND');
    expect(errorCodeOfPayload('{"error":')).toBeUndefined();
    expect(errorCodeOfPayload('<html/>')).toBeUndefined();
    expect(errorCodeOfPayload(Buffer.from('{}'))).toBeUndefined();
  });
});
