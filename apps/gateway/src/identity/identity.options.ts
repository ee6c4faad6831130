/** DI token of {@link IdentityOptions}. */
export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');

/** Settings of the gateway's identity context, from the gateway config. */
export interface IdentityOptions {
  /** How long a positive authentication is reused; at most 1 s so revocation holds within a second. */
  authCacheTtlMs: number;
  /** Failed logins per username per minute before 429. */
  loginFailuresPerUser: number;
  /** Failed logins per client address per minute before 429. */
  loginFailuresPerAddress: number;
}
