import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './identity-patterns';

/**
 * An optional password field with the one password policy ({@link PASSWORD_MIN_LENGTH} to
 * {@link PASSWORD_MAX_LENGTH} characters), write-only in the API document.
 */
export function PasswordField(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${description} (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters)`,
      example,
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      format: 'password',
      writeOnly: true,
    }),
    IsOptional(),
    IsString(),
    Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH),
  );
}
