import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldErrorDto } from '@flotilla/contracts';
import { DomainException } from './domain.exception';

/** Flattens nested class-validator errors into dotted field paths (`spec.replicas`). */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * Validation of input against its contract class, the same at the gateway (HTTP bodies, params,
 * queries) and in services (NATS payloads: the gateway is not the only line of defence, and anyone on
 * NATS can send anything). Unknown fields are refused, not silently dropped; input is converted to the
 * class's types; a failure is a VALIDATION_FAILED domain error naming every bad field (HTTP 400).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = toFieldErrors(errors);
      return new DomainException(ErrorCode.ValidationFailed, `invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields });
    },
  });
}
