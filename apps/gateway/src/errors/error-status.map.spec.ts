import { ErrorCode } from '@flotilla/contracts';
import { errorCodeOfStatus, httpStatusOf } from './error-status.map';

describe(httpStatusOf.name, () => {
  it.each([
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.NotFound, 404],
    [ErrorCode.Conflict, 409],
    [ErrorCode.IdempotencyMismatch, 422],
    [ErrorCode.QuotaExceeded, 422],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.ClusterUnreachable, 502],
    [ErrorCode.AuthPluginNotAllowed, 422],
    [ErrorCode.UnsupportedMediaType, 415],
    [ErrorCode.RateLimited, 429],
    [ErrorCode.ServiceUnavailable, 503],
    [ErrorCode.ServiceTimeout, 504],
    [ErrorCode.Internal, 500],
  ])('%s is HTTP %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('maps every code to a 4xx or 5xx', () => {
    for (const code of Object.values(ErrorCode)) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
  });
});

describe(errorCodeOfStatus.name, () => {
  it('turns framework statuses into codes and unknown 5xx into INTERNAL', () => {
    expect(errorCodeOfStatus(404)).toBe(ErrorCode.NotFound);
    expect(errorCodeOfStatus(413)).toBe(ErrorCode.PayloadTooLarge);
    expect(errorCodeOfStatus(418)).toBe(ErrorCode.BadRequest);
    expect(errorCodeOfStatus(502)).toBe(ErrorCode.Internal);
  });
});
