import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code.enum';

/** One field that failed validation, as listed in `error.details.fields`. */
export class FieldErrorDto {
  @ApiProperty({ description: 'Path of the offending field, dotted for nested objects', example: 'spec.replicas' })
  field!: string;

  @ApiProperty({ description: 'What is wrong with it', example: ['replicas must be a positive integer'], type: [String] })
  messages!: string[];
}

/** The inner object of every error Flotilla returns, over HTTP and across NATS alike. */
export class ErrorDto {
  @ApiProperty({ description: 'Stable machine-readable code', enum: ErrorCode, example: ErrorCode.NotFound })
  code!: ErrorCode;

  @ApiProperty({ description: 'Human-readable explanation', example: 'cluster c-123 not found' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Structured detail: for validation errors `fields`, a list of FieldErrorDto',
    example: { fields: [{ field: 'name', messages: ['name must be a string'] }] },
    type: 'object',
    additionalProperties: true,
  })
  details?: Record<string, unknown>;
}

/** The body of every error response: `{ "error": { "code", "message", "details" } }`. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDto })
  error!: ErrorDto;
}
