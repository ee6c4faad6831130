import { Inject, Injectable } from '@nestjs/common';
import { NatsRecordBuilder, type ClientProxy } from '@nestjs/microservices';
// not re-exported by the package index
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { ErrorCode, HEADERS } from '@flotilla/contracts';
import { DomainException, isErrorDto } from '../errors/domain.exception';
import { RequestContext } from '../logging/request-context';

/** DI token of the Nest NATS client proxy a {@link NatsRequester} sends through. */
export const NATS_CLIENT = Symbol('NATS_CLIENT');
/** DI token of the default request timeout in milliseconds. */
export const NATS_REQUEST_TIMEOUT_MS = Symbol('NATS_REQUEST_TIMEOUT_MS');

/** Per-call options of {@link NatsRequester.request}. */
export interface NatsRequestOptions {
  timeoutMs?: number;
}

/**
 * Request/reply over NATS with the contract every caller needs: a timeout on every request (a
 * service that is down fails within seconds, never hangs), the request id in the headers, and the
 * remote service's typed error rethrown as a {@link DomainException}.
 */
@Injectable()
export class NatsRequester {
  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    @Inject(NATS_REQUEST_TIMEOUT_MS) private readonly defaultTimeoutMs: number,
  ) {}

  async request<TResponse, TPayload = unknown>(subject: string, payload: TPayload, options: NatsRequestOptions = {}): Promise<TResponse> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const headers = natsHeaders();
    headers.set(HEADERS.requestId, RequestContext.requestId());
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      return await firstValueFrom(this.client.send<TResponse>(subject, record).pipe(timeout(timeoutMs)));
    } catch (error) {
      throw toRequestError(error, subject, timeoutMs);
    }
  }
}

function toRequestError(error: unknown, subject: string, timeoutMs: number): DomainException {
  if (error instanceof DomainException) return error;
  if (isErrorDto(error)) return DomainException.fromDto(error);
  const service = subject.split('.')[0];
  if (error instanceof TimeoutError) {
    return new DomainException(ErrorCode.ServiceTimeout, `service ${service} did not answer within ${timeoutMs} ms`, { service, subject });
  }
  if (error instanceof EmptyResponseException) {
    // NATS "no responders": nothing subscribes to the subject, so no instance of the service runs
    return new DomainException(ErrorCode.ServiceUnavailable, `service ${service} is unavailable: no instance is running`, { service, subject });
  }
  return new DomainException(ErrorCode.ServiceUnavailable, `service ${service} is unavailable: messaging is not connected`, { service, subject });
}
