// What stored credentials are, without their secrets: method, expiry, what the host must provide.
import { X509Certificate } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { ClusterAccess } from './cluster-access';

/** How credentials authenticate. `anonymous` only for accesses built by hand without any. */
export type AccessMethod = 'token' | 'client-certificate' | 'exec' | 'auth-provider' | 'anonymous';

/** A description of credentials that is safe to store beside them in clear and to show. */
export interface AccessDescription {
  method: AccessMethod;
  /** Earliest of the client certificate's notAfter and a JWT token's exp; null when neither says. */
  expiresAt: Date | null;
  /** True when expiresAt is within {@link EXPIRY_WARNING_DAYS} of `now`, or past. */
  expiresSoon: boolean;
  /** Exec plugin command or auth provider name the host must have; null when none is needed. */
  hostRequirement: string | null;
}

/** How long before expiry credentials are reported as expiring soon. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

function methodOf(access: ClusterAccess): AccessMethod {
  if (access.exec) return 'exec';
  if (access.authProvider) return 'auth-provider';
  if (access.token) return 'token';
  return access.clientCertificateData ? 'client-certificate' : 'anonymous';
}

function certificateExpiry(data: string | undefined): Date | null {
  if (!data) return null;
  try {
    return new Date(new X509Certificate(Buffer.from(data, 'base64')).validTo);
  } catch {
    return null;
  }
}

function tokenExpiry(token: string | undefined): Date | null {
  if (!token) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null; // an opaque token, not a JWT
  }
}

/** Whether `expiresAt` lies within {@link EXPIRY_WARNING_DAYS} of `now` (or before it). */
export function expiresSoon(expiresAt: Date | null, now: Date = new Date()): boolean {
  return expiresAt !== null && expiresAt.getTime() - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS;
}

/**
 * Describes credentials without their secrets: the method, when they expire (client certificate
 * notAfter, JWT exp; an exec plugin's or auth provider's tokens are fetched at use and have no
 * stored expiry) and what the host must provide to use them.
 */
export function describeAccess(access: ClusterAccess, now: Date = new Date()): AccessDescription {
  const expiries = [certificateExpiry(access.clientCertificateData), tokenExpiry(access.token)].filter((date): date is Date => date !== null);
  const expiresAt = expiries.length ? new Date(Math.min(...expiries.map((date) => date.getTime()))) : null;
  const hostRequirement = access.exec?.command ?? access.authProvider?.name ?? null;
  return { method: methodOf(access), expiresAt, expiresSoon: expiresSoon(expiresAt, now), hostRequirement };
}
