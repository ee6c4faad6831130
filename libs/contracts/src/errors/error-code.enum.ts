/**
 * Every error code Flotilla answers with. Services throw typed errors carrying one of these; the
 * gateway maps each to exactly one HTTP status (an unmapped code fails to compile there).
 */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  IdempotencyMismatch = 'IDEMPOTENCY_MISMATCH',
  QuotaExceeded = 'QUOTA_EXCEEDED',
  InsufficientCapacity = 'INSUFFICIENT_CAPACITY',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  /** Flotilla could not reach a cluster's API server (refused, DNS, TLS, timeout): HTTP 502. */
  ClusterUnreachable = 'CLUSTER_UNREACHABLE',
  /** Credentials need an exec plugin or auth provider this installation does not allow: HTTP 422. */
  AuthPluginNotAllowed = 'AUTH_PLUGIN_NOT_ALLOWED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  ServiceTimeout = 'SERVICE_TIMEOUT',
  Internal = 'INTERNAL',
}
