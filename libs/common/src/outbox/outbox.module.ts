import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import type { StreamDefinition } from '@flotilla/contracts';
import { NATS_CONNECTION } from '../nats/nats-connection.provider';
import { ensureStreams } from './jetstream.setup';
import { OutboxRelay, type OutboxRelayOptions } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

/** DI token of the event stream the service owns (set by {@link OutboxModule.forService}). */
export const OUTBOX_STREAM = Symbol('OUTBOX_STREAM');

/**
 * Transactional outbox of one service: exports the {@link OutboxWriter} its contexts enqueue events
 * with; at bootstrap makes sure the service's stream exists and starts the {@link OutboxRelay}; stops
 * the relay before shutdown, while Postgres and NATS are still open. Needs the service's TypeORM data
 * source (listing {@link OutboxMessage} and {@link CreateOutboxTable1732300000000}) and `NATS_CONNECTION`.
 */
@Module({})
export class OutboxModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    @Inject(OUTBOX_STREAM) private readonly stream: StreamDefinition,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  static forService(stream: StreamDefinition, relayOptions: OutboxRelayOptions = {}): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        OutboxWriter,
        { provide: OUTBOX_STREAM, useValue: stream },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, connection: NatsConnection) => new OutboxRelay(dataSource, connection, relayOptions),
          inject: [getDataSourceToken(), NATS_CONNECTION],
        },
      ],
      exports: [OutboxWriter],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureStreams(this.connection, [this.stream]);
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
