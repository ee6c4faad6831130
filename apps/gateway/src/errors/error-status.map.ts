import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@flotilla/contracts';

/**
 * The one place an error code becomes an HTTP status. The switch is exhaustive: adding a code to
 * the contracts without mapping it here fails to compile.
 */
export function httpStatusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.ValidationFailed:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorCode.IdempotencyMismatch:
    case ErrorCode.QuotaExceeded:
    case ErrorCode.InsufficientCapacity:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.ClusterUnreachable:
      return HttpStatus.BAD_GATEWAY;
    case ErrorCode.ServiceUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.ServiceTimeout:
      return HttpStatus.GATEWAY_TIMEOUT;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
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
