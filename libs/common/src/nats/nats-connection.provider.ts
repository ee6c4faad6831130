import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';

/** DI token of the service's own NATS connection (JetStream publishing, health). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/** Owns one NATS connection and drains it when the app shuts down. */
export class NatsConnectionHolder implements OnApplicationShutdown {
  constructor(readonly connection: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.connection.isClosed()) await this.connection.drain().catch(() => undefined);
  }
}

/** Connects once at boot (retrying while NATS comes up) and exposes the connection under {@link NATS_CONNECTION}. */
export function natsConnectionProviders(url: string, name: string): Provider[] {
  return [
    {
      provide: NatsConnectionHolder,
      useFactory: async () =>
        new NatsConnectionHolder(
          await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, waitOnFirstConnect: true, timeout: 5000 }),
        ),
    },
    { provide: NATS_CONNECTION, useFactory: (holder: NatsConnectionHolder) => holder.connection, inject: [NatsConnectionHolder] },
  ];
}
