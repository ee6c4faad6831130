import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';
import { ErrorCode, type ErrorDto } from '@flotilla/contracts';
import { DomainException, toErrorDto } from './domain.exception';

/**
 * Every NATS handler's error leaves the service as an {@link ErrorDto}: never a thrown string or a
 * stack (nestjs/nest#6496). Unexpected errors are logged here, once, and sent as INTERNAL. Errors on
 * the service's small HTTP port (health, metrics) keep Nest's default handling.
 */
@Catch()
export class RpcErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(RpcErrorFilter.name);

  override catch(error: unknown, host: ArgumentsHost): Observable<ErrorDto> | void {
    if (host.getType() !== 'rpc') return super.catch(error, host);
    const dto = toErrorDto(error);
    if (dto.code === ErrorCode.Internal && !(error instanceof DomainException)) {
      this.logger.error({ err: error }, 'unhandled error in message handler');
    }
    return throwError(() => dto);
  }
}
