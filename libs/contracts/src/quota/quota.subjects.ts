/**
 * NATS request/reply subjects of the quota ledger, answered by the auth service
 * (`quota.<entity>.<verb>`). None of them overlaps the `quota.changed` event subject captured by the
 * auth service's stream. Every one authorizes on the caller's identity (`x-flotilla-identity`).
 */
export const QUOTA_SUBJECTS = {
  /** Hard limits and usage of an organization, or of one team or user within it. */
  get: 'quota.limits.get',
  /** Replaces the hard limits of an organization (platform admins) or of a team or user (org admins). */
  set: 'quota.limits.set',
  /** Reserves amounts against the user, team and organization limits at once (idempotent by key). */
  reserve: 'quota.reservation.create',
  /** Turns a reservation into committed usage. */
  commit: 'quota.reservation.commit',
  /** Frees a reservation or the committed usage it became. */
  release: 'quota.reservation.release',
  /** One reservation. */
  reservationGet: 'quota.reservation.get',
  /** Reservations of an organization, newest first (org admins). */
  reservationList: 'quota.reservation.list',
} as const;

/** Domain events of the quota ledger (on the auth service's stream, FLOTILLA_AUTH). */
export const QUOTA_EVENTS = {
  /** Any ledger change: reserve, commit, release, expiry, new limits. Payload: `QuotaChangedEvent`. */
  changed: 'quota.changed',
} as const;
