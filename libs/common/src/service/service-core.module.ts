import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { STREAMS, SYSTEM_INFO_SUBJECTS, type ServiceName } from '@flotilla/contracts';
import { PersistenceModule, type ServicePersistenceOptions } from '@flotilla/persistence';
import type { ServiceConfig } from '../config/service.config';
import { RpcErrorFilter } from '../errors/rpc-error.filter';
import { createMetricsModule } from '../health/metrics.module';
import { NatsHealthIndicator } from '../health/nats.health';
import { ServiceHealthController } from '../health/service-health.controller';
import { createLoggerModule } from '../logging/logger.module';
import { InFlightTracker } from '../nats/in-flight.tracker';
import { NATS_CONNECTION, NatsConnectionHolder, natsConnectionProviders } from '../nats/nats-connection.provider';
import { NatsMessageInterceptor } from '../nats/nats-message.interceptor';
import { NATS_REQUEST_TIMEOUT_MS, NatsRequester } from '../nats/nats-requester';
import { CreateOutboxTable1732300000000, OutboxMessage, OutboxModule } from '../outbox';
import { createSystemInfoController, SystemInfoService } from '../system/system-info.controller';

/** DI token of the validated config of the running app. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** What a NATS service hands to {@link ServiceCoreModule.forRoot}. */
export interface ServiceCoreOptions {
  /** Service name: queue group, Postgres schema, event stream and log name. */
  service: ServiceName;
  config: ServiceConfig;
  entities: ServicePersistenceOptions['entities'];
  migrations: ServicePersistenceOptions['migrations'];
  /** Extra modules the service's bounded contexts need globally (rare). */
  imports?: Array<Type<unknown> | DynamicModule>;
}

/**
 * Everything a NATS service has in common: config, JSON logs, its Postgres schema with migrations,
 * a NATS connection, health and metrics on its small HTTP port, and its `system.info` handler.
 */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    const { service, config } = options;
    return {
      module: ServiceCoreModule,
      imports: [
        createLoggerModule(service, config.LOG_LEVEL),
        PersistenceModule.forService({
          url: config.DATABASE_URL,
          schema: service,
          // every service publishes its events through its own outbox table
          entities: [OutboxMessage, ...options.entities],
          migrations: [CreateOutboxTable1732300000000, ...options.migrations],
        }),
        OutboxModule.forService(STREAMS[service]),
        TerminusModule.forRoot({ logger: false }),
        createMetricsModule(service),
        ...(options.imports ?? []),
      ],
      controllers: [ServiceHealthController, createSystemInfoController(service, SYSTEM_INFO_SUBJECTS[service], service)],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...natsConnectionProviders(config.NATS_URL, `flotilla-${service}`),
        { provide: NATS_REQUEST_TIMEOUT_MS, useValue: config.NATS_REQUEST_TIMEOUT_MS },
        NatsRequester,
        InFlightTracker,
        NatsMessageInterceptor,
        { provide: APP_INTERCEPTOR, useExisting: NatsMessageInterceptor },
        { provide: APP_FILTER, useClass: RpcErrorFilter },
        NatsHealthIndicator,
        SystemInfoService,
      ],
      exports: [OutboxModule, APP_CONFIG, NatsRequester, InFlightTracker, NatsMessageInterceptor, NatsHealthIndicator, NatsConnectionHolder, NATS_CONNECTION],
    };
  }
}
