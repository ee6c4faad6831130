import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { Histogram, register } from 'prom-client';
import { Observable, finalize, tap } from 'rxjs';
import { HEADERS, isIdentity, type IdentityDto } from '@flotilla/contracts';
import { acceptRequestId, RequestContext } from '../logging/request-context';
import { InFlightTracker } from './in-flight.tracker';

const handledDuration =
  (register.getSingleMetric('flotilla_nats_handler_duration_seconds') as Histogram<'subject' | 'outcome'> | undefined) ??
  new Histogram({
    name: 'flotilla_nats_handler_duration_seconds',
    help: 'Time spent answering one NATS request, by subject and outcome',
    labelNames: ['subject', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

/**
 * Wraps every NATS message handler: binds the caller's request id to the logger and to
 * {@link RequestContext}, counts the message as in flight (for draining at shutdown) and times it.
 */
@Injectable()
export class NatsMessageInterceptor implements NestInterceptor {
  constructor(private readonly tracker: InFlightTracker) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const subject = nats.getSubject();
    const headers = nats.getHeaders();
    const requestId = acceptRequestId(headers?.get(HEADERS.requestId));
    const identity = parseIdentity(headers?.get(HEADERS.identity));
    const logger = (PinoLogger.root as PinoLogger['logger'] | undefined)?.child({ requestId, subject });
    const stopTimer = handledDuration.startTimer({ subject });
    const done = (outcome: 'ok' | 'error') => logger?.debug({ outcome, durationMs: Math.round(stopTimer({ outcome }) * 1e4) / 10 }, 'message handled');
    this.tracker.start();
    // Nest binds the handler to the async context current when handle() is called, so the request
    // context and the request's logger (read by nestjs-pino) must be entered before that call.
    const enter = <T>(fn: () => T): T => RequestContext.run({ requestId, identity }, () => (logger ? storage.run(new Store(logger), fn) : fn()));
    return enter(() => {
      const handled = next.handle().pipe(
        tap({ next: () => done('ok'), error: () => done('error') }),
        finalize(() => this.tracker.end()),
      );
      return new Observable((subscriber) => enter(() => handled.subscribe(subscriber)));
    });
  }
}

/** The caller's identity from its header; a malformed one counts as none (the handler then refuses). */
function parseIdentity(raw: string | undefined): IdentityDto | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return isIdentity(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
