import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { ErrorCode } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';
import { LoginAttemptsLimiter } from './login-attempts.limiter';

/** Wraps POST /auth/login: refuses while the username or address is locked out, and counts failures. */
@Injectable()
export class LoginThrottleInterceptor implements NestInterceptor {
  constructor(private readonly limiter: LoginAttemptsLimiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Body: { username?: unknown } | undefined }>>();
    const username = typeof request.body?.username === 'string' ? request.body.username.trim().toLowerCase() : '';
    const retryAfter = this.limiter.retryAfterSeconds(request.ip, username);
    if (retryAfter > 0) {
      void http.getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new DomainException(ErrorCode.RateLimited, 'too many failed logins: try again later', { retryAfterSeconds: retryAfter });
    }
    return next.handle().pipe(
      tap({
        next: () => this.limiter.recordSuccess(username),
        error: (error: unknown) => {
          if (error instanceof DomainException && error.code === ErrorCode.Unauthenticated) this.limiter.recordFailure(request.ip, username);
        },
      }),
    );
  }
}
