import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { IDENTITY_SUBJECTS, type AuthenticateRequest, type AuthenticateResult, type IdentityDto } from '@flotilla/contracts';
import { NatsRequester } from '@flotilla/common';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/**
 * Asks the auth service who a bearer credential belongs to, and remembers positive answers for at
 * most {@link IdentityOptions.authCacheTtlMs} (1 s) and never past the credential's own expiry: a
 * revoked or expired token stops working within a second on every gateway replica. Failures are not
 * remembered. Entries are keyed by the credential's SHA-256, so the cache holds no token.
 */
@Injectable()
export class Authenticator {
  private readonly cache = new LRUCache<string, IdentityDto>({ max: 10_000, ttlAutopurge: false });

  constructor(
    private readonly nats: NatsRequester,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async authenticate(credential: string): Promise<IdentityDto> {
    const key = createHash('sha256').update(credential).digest('base64');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const request: AuthenticateRequest = { credential };
    const { identity, expiresAt } = await this.nats.request<AuthenticateResult>(IDENTITY_SUBJECTS.authenticate, request);
    const ttl = Math.min(this.options.authCacheTtlMs, expiresAt ? Date.parse(expiresAt) - Date.now() : Infinity);
    if (ttl >= 1) this.cache.set(key, identity, { ttl: Math.floor(ttl) });
    return identity;
  }
}
