import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldErrorDto } from '@flotilla/contracts';
import { DomainException } from '../errors/domain.exception';

function fieldErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Validates a NATS request payload (`@Payload()`) against its contract class, as the gateway does for
 * HTTP bodies: the gateway is not the only line of defence, and anyone on NATS can send anything.
 * Unknown fields are refused; a failure is a VALIDATION_FAILED domain error naming every bad field.
 * Use with `@UsePipes(createRpcValidationPipe())` on a message controller.
 */
export function createRpcValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return new DomainException(ErrorCode.ValidationFailed, `invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields });
    },
  });
}
