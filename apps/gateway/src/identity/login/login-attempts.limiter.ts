import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

const WINDOW_MS = 60_000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Counts failed logins per username and per client address in one-minute windows. Once either count
 * reaches its limit, logins for that username (or from that address) are refused with 429 until the
 * window ends, even with the right password: guessing stays slow whatever the attacker rotates.
 * Counts live in this gateway replica (like the request rate limits).
 */
@Injectable()
export class LoginAttemptsLimiter {
  private readonly windows = new LRUCache<string, Window>({ max: 100_000, ttl: WINDOW_MS });

  constructor(@Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions) {}

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  retryAfterSeconds(address: string, username: string): number {
    const blockedUntil = Math.max(this.blockedUntil(`user:${username}`, this.options.loginFailuresPerUser), this.blockedUntil(`addr:${address}`, this.options.loginFailuresPerAddress));
    return blockedUntil > Date.now() ? Math.ceil((blockedUntil - Date.now()) / 1000) : 0;
  }

  recordFailure(address: string, username: string): void {
    this.count(`user:${username}`);
    this.count(`addr:${address}`);
  }

  /** A successful login clears the username's failures (not the address's). */
  recordSuccess(username: string): void {
    this.windows.delete(`user:${username}`);
  }

  private blockedUntil(key: string, limit: number): number {
    const window = this.windows.get(key);
    return window && window.failures >= limit ? window.endsAt : 0;
  }

  private count(key: string): void {
    const now = Date.now();
    const current = this.windows.get(key);
    const window = current && current.endsAt > now ? current : { failures: 0, endsAt: now + WINDOW_MS };
    window.failures += 1;
    this.windows.set(key, window, { ttl: window.endsAt - now });
  }
}
