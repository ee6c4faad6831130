import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, JSONCodec, NatsError, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { ErrorCode, HEADERS } from '@flotilla/contracts';
import { DomainException, isErrorDto } from '../errors/domain.exception';
import { RequestContext } from '../logging/request-context';
import { NATS_CONNECTION } from './nats-connection.provider';

/** DI token of the default request timeout in milliseconds. */
export const NATS_REQUEST_TIMEOUT_MS = Symbol('NATS_REQUEST_TIMEOUT_MS');

/** Per-call options of {@link NatsRequester.request}. */
export interface NatsRequestOptions {
  timeoutMs?: number;
}

/** Nest's NATS wire format: `{ pattern, data, id }` out, `{ id, response | err }` back. */
interface NestReply<T> {
  response?: T;
  err?: unknown;
}

const codec = JSONCodec<unknown>();

/**
 * Request/reply over NATS with the contract every caller needs: a timeout on every request (a
 * service that is down fails within seconds, never hangs: at once when no instance subscribes),
 * the request id in the headers, and the remote service's typed error rethrown as a
 * {@link DomainException}. It speaks the Nest microservice wire format on the plain `nats` client,
 * whose requests share one multiplexed inbox (Nest's client subscribes a fresh inbox per request).
 */
@Injectable()
export class NatsRequester {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(NATS_REQUEST_TIMEOUT_MS) private readonly defaultTimeoutMs: number,
  ) {}

  async request<TResponse, TPayload = unknown>(subject: string, payload: TPayload, options: NatsRequestOptions = {}): Promise<TResponse> {
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    const headers = natsHeaders();
    headers.set(HEADERS.requestId, RequestContext.requestId());
    const identity = RequestContext.identity();
    if (identity) headers.set(HEADERS.identity, JSON.stringify(identity));
    const packet = codec.encode({ pattern: subject, data: payload, id: randomUUID() });
    let reply: NestReply<TResponse>;
    try {
      const message = await this.connection.request(subject, packet, { timeout, headers });
      reply = codec.decode(message.data) as NestReply<TResponse>;
    } catch (error) {
      throw transportError(error, subject, timeout);
    }
    if (reply.err !== undefined) throw remoteError(reply.err);
    return reply.response as TResponse;
  }
}

function transportError(error: unknown, subject: string, timeoutMs: number): DomainException {
  const service = subject.split('.')[0];
  const details = { service, subject };
  const code = error instanceof NatsError ? error.code : undefined;
  if (code === NatsErrorCode.Timeout) {
    return new DomainException(ErrorCode.ServiceTimeout, `service ${service} did not answer within ${timeoutMs} ms`, details);
  }
  if (code === NatsErrorCode.NoResponders) {
    return new DomainException(ErrorCode.ServiceUnavailable, `service ${service} is unavailable: no instance is running`, details);
  }
  return new DomainException(ErrorCode.ServiceUnavailable, `service ${service} is unavailable: messaging is not connected`, details);
}

function remoteError(err: unknown): DomainException {
  if (isErrorDto(err)) return DomainException.fromDto(err);
  return new DomainException(ErrorCode.Internal, 'Internal error');
}
