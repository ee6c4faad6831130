import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceName } from '@flotilla/contracts';
import type { ServicePersistenceOptions } from '@flotilla/persistence';
import type { ServiceConfig } from '../config/service.config';
import { ServiceCoreModule } from './service-core.module';

/** What a service's root module contributes beyond the common core. */
export interface ServiceRootOptions {
  entities: ServicePersistenceOptions['entities'];
  migrations: ServicePersistenceOptions['migrations'];
  /** The service's bounded-context modules. */
  contexts?: Array<Type<unknown> | DynamicModule>;
}

/**
 * Builds a service's root module: the common core (config, logs, schema, NATS, health, metrics,
 * outbox, system info) plus the service's own bounded contexts.
 */
export function serviceRootModule(root: Type<unknown>, service: ServiceName, config: ServiceConfig, options: ServiceRootOptions): DynamicModule {
  return {
    module: root,
    imports: [
      ServiceCoreModule.forRoot({
        service,
        config,
        entities: options.entities,
        migrations: options.migrations,
      }),
      ...(options.contexts ?? []),
    ],
  };
}
