import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';

/** NATS is healthy when the connection is open and answers a round trip within `timeoutMs`. */
@Injectable()
export class NatsHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(key: string, connection: NatsConnection | undefined, timeoutMs = 1000): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    if (!connection || connection.isClosed()) return session.down({ message: 'not connected' });
    try {
      const rtt = await Promise.race([
        connection.rtt(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ]);
      return session.up({ rttMs: rtt });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
