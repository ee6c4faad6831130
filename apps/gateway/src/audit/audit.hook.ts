import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityDto } from '@flotilla/contracts';
import { RequestContext } from '@flotilla/common';
import { isAudited } from './audit-action.util';
import { buildAuditEvent, errorCodeOfPayload } from './audit-event.builder';
import { auditDropped } from './audit.metrics';
import { AuditPublisher } from './audit.publisher';

/** What the `onSend` hook learns that `onResponse` no longer can: who the caller was, and the error code. */
interface Seen {
  identity?: IdentityDto;
  errorCode?: string;
}

/**
 * Records every mutating API request, whatever its outcome. Fastify hooks rather than a Nest
 * interceptor: an interceptor never sees requests refused before it runs (authentication and
 * throttling guards, unknown routes, body-parser 400/413/415), and the status is only final once
 * the response is sent. `onSend` runs in the request's context, after the guards, so it reads the
 * caller's identity and the error body's code; `onResponse` then builds the record from the route
 * pattern, path parameters and status — never from the request body — and queues it. Nothing here
 * waits for the audit log, and nothing here can fail the request.
 */
@Injectable()
export class AuditHook implements OnModuleInit {
  private readonly logger = new Logger(AuditHook.name);
  private readonly seen = new WeakMap<FastifyRequest, Seen>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly publisher: AuditPublisher,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onSend', (request, reply, payload, done) => {
      this.guard(() => this.observe(request, reply, payload));
      done(null, payload);
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      this.guard(() => this.record(request, reply));
      done();
    });
  }

  private observe(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    if (!isAudited(request.method, request.url)) return;
    const errorCode = reply.statusCode >= 400 ? errorCodeOfPayload(payload) : undefined;
    this.seen.set(request, { identity: RequestContext.identity(), errorCode });
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const method = request.method;
    if (!isAudited(method, request.url)) return;
    const seen = this.seen.get(request) ?? {};
    const userAgent = request.headers['user-agent'];
    this.publisher.enqueue(
      buildAuditEvent({
        method,
        url: request.url,
        routeUrl: request.routeOptions?.url,
        params: request.params,
        requestId: request.id,
        ip: request.ip,
        userAgent: typeof userAgent === 'string' ? userAgent : undefined,
        status: reply.statusCode,
        elapsedMs: reply.elapsedTime,
        identity: seen.identity ?? RequestContext.identity(),
        errorCode: seen.errorCode,
      }),
    );
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      auditDropped.inc({ reason: 'capture_failed' });
      this.logger.error({ err: error }, 'could not capture an audit record');
    }
  }
}
