/**
 * Names of organizations and teams: RFC 1123 DNS labels (lowercase letters, digits and '-', at most 63
 * characters), so that they can name Kubernetes namespaces and labels unchanged.
 */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Usernames: 2 to 64 lowercase letters, digits, '.', '_' or '-', starting and ending alphanumeric. */
export const USERNAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Shortest password accepted when one is set (NIST SP 800-63B asks for at least 8; we ask 12). */
export const PASSWORD_MIN_LENGTH = 12;

/** Longest password accepted: hashing is deliberately expensive, so unbounded input is a DoS vector. */
export const PASSWORD_MAX_LENGTH = 256;
