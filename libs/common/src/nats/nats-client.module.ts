import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NATS_CONNECTION, NatsConnectionHolder, natsConnectionProviders } from './nats-connection.provider';
import { NATS_REQUEST_TIMEOUT_MS, NatsRequester } from './nats-requester';

/** Options of {@link NatsClientModule.register}. */
export interface NatsClientOptions {
  url: string;
  /** Connection name shown by the NATS server's monitoring. */
  name: string;
  requestTimeoutMs: number;
}

/**
 * One NATS connection and a {@link NatsRequester} on it, for apps that call services (the gateway;
 * services get theirs from the service core).
 */
@Global()
@Module({})
export class NatsClientModule {
  static register(options: NatsClientOptions): DynamicModule {
    return {
      module: NatsClientModule,
      providers: [
        ...natsConnectionProviders(options.url, options.name),
        { provide: NATS_REQUEST_TIMEOUT_MS, useValue: options.requestTimeoutMs },
        NatsRequester,
      ],
      exports: [NATS_CONNECTION, NatsConnectionHolder, NatsRequester],
    };
  }
}
