import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { HEADERS } from '@flotilla/contracts';
import { createHttpAdapter, createValidationPipe, RequestContext } from '@flotilla/common';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { HttpErrorFilter } from './errors/http-error.filter';

import { mountOpenApi } from './openapi/openapi.setup';

/** REST routes live under this prefix; health, metrics and docs stay at the root. */
export const API_PREFIX = 'api/v1';

/**
 * Builds the gateway app (not listening yet): Fastify, request ids in and out, one error shape,
 * strict validation, rate limiting, Swagger UI. Tests build it the same way as main.ts does.
 */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.register(config),
    createHttpAdapter({ bodyLimit: config.BODY_LIMIT_BYTES }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(HEADERS.requestId, request.id);
    RequestContext.run({ requestId: request.id }, done);
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.ALL },
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  mountOpenApi(app);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
