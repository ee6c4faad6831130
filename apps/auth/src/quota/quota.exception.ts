import { ErrorCode } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';
import type { QuotaViolation } from './quota-ledger.util';
import { toQuotaQuantity } from './quota-resources.util';

/** Errors of the quota ledger. */
export class QuotaException extends DomainException {
  /**
   * QUOTA_EXCEEDED (422): the reservation would take some scope past its hard limit. `details.violations`
   * names each scope, resource, the amount requested and what is still available there.
   */
  static exceeded(violations: QuotaViolation[]): QuotaException {
    const list = violations.map((v) => ({
      scope: v.scope,
      scopeId: v.scopeId,
      resource: v.resource,
      requested: toQuotaQuantity(v.resource, v.amount),
      available: toQuotaQuantity(v.resource, v.available),
      hard: toQuotaQuantity(v.resource, v.hard),
      used: toQuotaQuantity(v.resource, v.used),
      reserved: toQuotaQuantity(v.resource, v.reserved),
    }));
    const first = list[0];
    const summary = `${first.scope} ${first.scopeId}, ${first.resource}: requested ${first.requested.quantity}, available ${first.available.quantity}`;
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
    return new QuotaException(ErrorCode.QuotaExceeded, `quota exceeded: ${summary}${more}`, { violations: list });
  }

  /** IDEMPOTENCY_MISMATCH (422): the key was first used with a different request. */
  static idempotencyMismatch(idempotencyKey: string, reservationId: string): QuotaException {
    return new QuotaException(ErrorCode.IdempotencyMismatch, `idempotency key ${JSON.stringify(idempotencyKey)} was used for a different request`, {
      idempotencyKey,
      reservationId,
    });
  }

  /** CONFLICT (409): the reservation's state does not allow this. */
  static conflict(message: string, details: Record<string, unknown>): QuotaException {
    return new QuotaException(ErrorCode.Conflict, message, details);
  }

  /** VALIDATION_FAILED (400) naming one field. */
  static invalidField(field: string, message: string): QuotaException {
    return new QuotaException(ErrorCode.ValidationFailed, `invalid input: ${field}`, { fields: [{ field, messages: [message] }] });
  }
}
