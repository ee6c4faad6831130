import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditEventDto, ErrorCode } from '@flotilla/contracts';
import { AuditException } from './audit.exception';

/** An audit record from the stream, if it keeps to the contract (unknown fields refused). */
export function parseAuditEvent(data: unknown): AuditEventDto | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const event = plainToInstance(AuditEventDto, data);
  const errors = validateSync(event, { whitelist: true, forbidNonWhitelisted: true });
  const targetIsStrings = typeof event.target === 'object' && Object.values(event.target ?? {}).every((v) => typeof v === 'string');
  return errors.length === 0 && targetIsStrings ? event : undefined;
}

/** A time bound as an ISO instant; a string that ISO 8601 allows but Date cannot read is a 400 naming it. */
export function toInstant(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) {
    throw new AuditException(ErrorCode.ValidationFailed, `invalid input: ${field}`, {
      fields: [{ field, messages: [`${field} must be an ISO 8601 date-time`] }],
    });
  }
  return new Date(millis).toISOString();
}
