import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@flotilla/contracts';

/**
 * The one place an error code becomes an HTTP status. The table is exhaustive: adding a code to
 * the contracts without mapping it here fails to compile.
 */
const STATUS_BY_CODE = {
  [ErrorCode.BadRequest]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.IdempotencyMismatch]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.QuotaExceeded]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.InsufficientCapacity]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  // the cluster (upstream) failed, not Flotilla: 502, so clients and alerts tell it from our own 503
  [ErrorCode.ClusterUnreachable]: HttpStatus.BAD_GATEWAY,
  [ErrorCode.AuthPluginNotAllowed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.ServiceTimeout]: HttpStatus.GATEWAY_TIMEOUT,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
} as const satisfies Record<ErrorCode, HttpStatus>;

/** HTTP status of a domain error code. */
export function httpStatusOf(code: ErrorCode): HttpStatus {
  return STATUS_BY_CODE[code];
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
  504: ErrorCode.ServiceTimeout,
};

/** Code for an HTTP error raised by the framework itself (router, body parser, throttler). */
export function errorCodeOfStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status < 500 ? ErrorCode.BadRequest : ErrorCode.Internal);
}
