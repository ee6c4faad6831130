import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, type ErrorBodyDto, type ErrorDto } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';
import { errorCodeOfStatus, httpStatusOf } from './error-status.map';

/**
 * Every error the gateway answers has one shape, `{ "error": { code, message, details } }`: domain
 * errors from services, validation, unknown routes, body-parser errors (400/413/415), rate limits
 * and services that are down. Unexpected errors are logged and answered as a bare INTERNAL.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.describe(error);
    // RFC 6750: a 401 names the scheme the client should authenticate with
    if (status === 401) void reply.header('www-authenticate', 'Bearer realm="flotilla"');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private describe(error: unknown): { status: number; body: ErrorBodyDto } {
    if (error instanceof DomainException) return { status: httpStatusOf(error.code), body: { error: error.toDto() } };
    if (error instanceof HttpException) return { status: error.getStatus(), body: { error: fromHttpException(error) } };
    this.logger.error({ err: error }, 'unhandled error');
    return { status: 500, body: { error: { code: ErrorCode.Internal, message: 'Internal error' } } };
  }
}

/** Terminus's body for a failed health check: which dependency is down, and why. */
interface HealthCheckFailure {
  status: 'error';
  error: Record<string, unknown>;
}

function isHealthCheckFailure(response: unknown): response is HealthCheckFailure {
  return typeof response === 'object' && response !== null && (response as HealthCheckFailure).status === 'error' && 'details' in response;
}

function fromHttpException(error: HttpException): ErrorDto {
  const response = error.getResponse();
  if (isHealthCheckFailure(response)) {
    const down = Object.keys(response.error).join(', ');
    return { code: ErrorCode.ServiceUnavailable, message: `not ready: ${down}`, details: response as unknown as Record<string, unknown> };
  }
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : error.message;
  return { code: errorCodeOfStatus(error.getStatus()), message };
}
