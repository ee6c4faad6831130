import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { HEADERS } from '@flotilla/contracts';
import { acceptRequestId } from '../logging/request-context';

/** Fastify options every Flotilla HTTP listener shares. */
export interface HttpAdapterOptions {
  bodyLimit?: number;
}

/**
 * Fastify adapter whose request id is the caller's `x-request-id` when it is plain, else a new UUID.
 * The id is written back to the raw headers so the HTTP logger and every later reader see one id.
 */
export function createHttpAdapter({ bodyLimit }: HttpAdapterOptions = {}): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const id = acceptRequestId(req.headers[HEADERS.requestId]);
      req.headers[HEADERS.requestId] = id;
      return id;
    },
  });
}
