import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldErrorDto } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';

/** Flattens nested class-validator errors into dotted field paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * Global validation: unknown fields are refused (not silently dropped), input is converted to the
 * DTO's types, and a failure is a 400 VALIDATION_FAILED naming every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = toFieldErrors(errors);
      const names = fields.map((f) => f.field).join(', ');
      return new DomainException(ErrorCode.ValidationFailed, `invalid input: ${names}`, { fields });
    },
  });
}
