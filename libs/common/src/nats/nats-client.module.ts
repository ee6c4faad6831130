import { Global, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { NATS_CLIENT, NATS_REQUEST_TIMEOUT_MS, NatsRequester } from './nats-requester';

/** Options of {@link NatsClientModule.register}. */
export interface NatsClientOptions {
  url: string;
  /** Connection name shown by the NATS server's monitoring. */
  name: string;
  requestTimeoutMs: number;
}

/** Connects the client at boot (so health can see it) and closes it at shutdown. */
class NatsClientLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(NATS_CLIENT) private readonly client: ClientProxy) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** A NATS client proxy and a {@link NatsRequester} on it, for apps that call services. */
@Global()
@Module({})
export class NatsClientModule {
  static register(options: NatsClientOptions): DynamicModule {
    return {
      module: NatsClientModule,
      providers: [
        {
          provide: NATS_CLIENT,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.NATS,
              options: { servers: options.url.split(','), name: options.name, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
            }),
        },
        { provide: NATS_REQUEST_TIMEOUT_MS, useValue: options.requestTimeoutMs },
        NatsClientLifecycle,
        NatsRequester,
      ],
      exports: [NATS_CLIENT, NatsRequester],
    };
  }
}
