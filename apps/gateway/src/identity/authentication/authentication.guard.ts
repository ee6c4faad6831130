import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { DomainException, IS_PUBLIC_KEY, RequestContext } from '@flotilla/common';
import { Authenticator } from './authenticator';
import { bearerCredential } from './bearer';
import { READ_ONLY_QUERY_KEY } from './read-only-query.decorator';

/** Methods a read-scoped credential may call. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs `Authorization: Bearer <API token or access token>` unless marked
 * `@Public()`. The caller's identity goes into the request context, from where every NATS request
 * carries it to the services (which authorize on it again). A read-only credential may only read
 * (GET, or a POST marked `@ReadOnlyQuery()`).
 * Runs after the rate limiter, so a flood of bad credentials is cut off before it reaches auth.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.isPublic(context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const identity = await this.authenticator.authenticate(bearerCredential(request.headers.authorization));
    const store = RequestContext.current();
    if (!store) throw new DomainException(ErrorCode.Internal, 'no request context');
    // known before the scope check, so a refused read-only write is audited under its caller
    store.identity = identity;
    if (!this.isReadOnlyQuery(context)) requireScopeFor(request.method, identity);
    return true;
  }

  private isReadOnlyQuery(context: ExecutionContext): boolean {
    return this.reflector.get<boolean | undefined>(READ_ONLY_QUERY_KEY, context.getHandler()) === true;
  }

  private isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]) === true;
  }
}

function requireScopeFor(method: string, identity: IdentityDto): void {
  if (READ_METHODS.has(method.toUpperCase()) || identity.scopes.includes(TokenScope.Write)) return;
  throw new DomainException(ErrorCode.Forbidden, 'this credential is read-only: it cannot call ' + method.toUpperCase(), { scopes: identity.scopes });
}
