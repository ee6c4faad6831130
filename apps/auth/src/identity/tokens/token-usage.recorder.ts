import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { TokensRepository } from './tokens.repository';

const RECORD_EVERY_MS = 60_000;

/**
 * Keeps `last_used_at` of API tokens to the minute without a write per request: a replica writes at
 * most once a minute per token, and the UPDATE itself skips rows another replica touched within it.
 */
@Injectable()
export class TokenUsageRecorder {
  private readonly logger = new Logger(TokenUsageRecorder.name);
  private readonly recorded = new LRUCache<string, true>({ max: 50_000, ttl: RECORD_EVERY_MS });

  constructor(private readonly tokens: TokensRepository) {}

  /** Records a use in the background; authentication never waits for it nor fails because of it. */
  record(tokenId: string): void {
    if (this.recorded.has(tokenId)) return;
    this.recorded.set(tokenId, true);
    this.tokens.touch(tokenId).catch((error: unknown) => this.logger.warn({ err: error, tokenId }, 'could not record token use'));
  }
}
