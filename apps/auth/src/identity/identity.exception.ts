import { ErrorCode } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';

/** Errors of the identity context: credentials, conflicts on unique names, refused changes. */
export class IdentityException extends DomainException {
  /** The credential is missing, unknown, expired or revoked, or the password is wrong. */
  static unauthenticated(message = 'invalid credentials'): IdentityException {
    return new IdentityException(ErrorCode.Unauthenticated, message);
  }

  /** A unique name or email is taken, or the change would leave things inconsistent. */
  static conflict(message: string, details?: Record<string, unknown>): IdentityException {
    return new IdentityException(ErrorCode.Conflict, message, details);
  }

  /** The caller may see the object but not do this to it. */
  static forbidden(message: string, details?: Record<string, unknown>): IdentityException {
    return new IdentityException(ErrorCode.Forbidden, message, details);
  }

  /** One field of otherwise well-formed input is unacceptable (e.g. an expiry in the past). */
  static invalidField(field: string, message: string): IdentityException {
    return new IdentityException(ErrorCode.ValidationFailed, `invalid input: ${field}`, { fields: [{ field, messages: [message] }] });
  }
}
