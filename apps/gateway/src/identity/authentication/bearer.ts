import { ErrorCode } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** The credential of an `Authorization: Bearer <credential>` header; UNAUTHENTICATED for anything else. */
export function bearerCredential(header: string | string[] | undefined): string {
  if (header === undefined) throw new DomainException(ErrorCode.Unauthenticated, 'authentication required: send Authorization: Bearer <token>');
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) throw new DomainException(ErrorCode.Unauthenticated, 'malformed Authorization header: expected Bearer <token>');
  return match[1];
}
