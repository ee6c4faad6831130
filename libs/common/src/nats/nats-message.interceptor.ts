import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { Histogram, register } from 'prom-client';
import { Observable, finalize, tap } from 'rxjs';
import { HEADERS } from '@flotilla/contracts';
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
    const requestId = acceptRequestId(nats.getHeaders()?.get(HEADERS.requestId));
    const stopTimer = handledDuration.startTimer({ subject });
    this.tracker.start();
    const handled = next.handle().pipe(
      tap({ next: () => stopTimer({ outcome: 'ok' }), error: () => stopTimer({ outcome: 'error' }) }),
      finalize(() => this.tracker.end()),
    );
    return new Observable((subscriber) => withLogger({ requestId, subject }, () => RequestContext.run({ requestId }, () => handled.subscribe(subscriber))));
  }
}

/** Runs `fn` with a pino child logger bound to the message, when the app has a pino logger at all. */
function withLogger<T>(bindings: Record<string, string>, fn: () => T): T {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  return root ? storage.run(new Store(root.child(bindings)), fn) : fn();
}
