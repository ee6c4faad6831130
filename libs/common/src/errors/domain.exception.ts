import { ErrorCode, type ErrorDto } from '@flotilla/contracts';

/**
 * Base of every typed error in Flotilla. It crosses NATS as data ({@link ErrorDto}) and the
 * gateway maps its code to an HTTP status. Each bounded context subclasses it for its own errors.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The wire form of this error. */
  toDto(): ErrorDto {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }

  /** Rebuilds a domain error from its wire form (what a NATS reply carried). */
  static fromDto(dto: ErrorDto): DomainException {
    return new DomainException(dto.code, dto.message, dto.details);
  }
}

/** True when `value` has the shape of an {@link ErrorDto} with a known code. */
export function isErrorDto(value: unknown): value is ErrorDto {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Partial<ErrorDto>;
  return typeof message === 'string' && Object.values(ErrorCode).includes(code as ErrorCode);
}

/** Converts anything thrown into the wire form; unknown errors become INTERNAL without leaking internals. */
export function toErrorDto(error: unknown): ErrorDto {
  if (error instanceof DomainException) return error.toDto();
  if (isErrorDto(error)) return error;
  return { code: ErrorCode.Internal, message: 'Internal error' };
}
