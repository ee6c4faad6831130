import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import type { ServiceConfig } from '../config/service.config';
import { GracefulNatsServer } from '../nats/graceful-nats.server';
import { InFlightTracker } from '../nats/in-flight.tracker';
import { createHttpAdapter } from './http-adapter';

/** A started service and the address of its health/metrics port. */
export interface StartedService {
  app: INestApplication;
  healthUrl: string;
}

/**
 * Starts one NATS service: a NATS microservice in the service's queue group (so replicas share the
 * work) plus a small HTTP port for /health and /metrics. SIGTERM/SIGINT drain it: intake stops,
 * in-flight messages finish, then NATS and Postgres close.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  service: string,
  config: ServiceConfig,
  { handleSignals = true } = {},
): Promise<StartedService> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const server = new GracefulNatsServer(
    { servers: config.NATS_URL.split(','), queue: service, name: `flotilla-${service}-server`, maxReconnectAttempts: -1 },
    app.get(InFlightTracker),
    config.SHUTDOWN_TIMEOUT_MS,
  );
  // inheritAppConfig: the global interceptor and error filter apply to message handlers too
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  if (handleSignals) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.startAllMicroservices();
  // subscriptions reach the NATS server asynchronously: only report ready once they are live
  await server.unwrap<NatsConnection>().flush();
  await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
  const address = app.getHttpServer().address() as { port: number };
  const healthUrl = `http://${config.HEALTH_HOST}:${address.port}/health`;
  app.get(Logger).log(`${service} ready, health at ${healthUrl}`);
  return { app, healthUrl };
}
