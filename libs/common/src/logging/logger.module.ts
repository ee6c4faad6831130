import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { HEADERS } from '@flotilla/contracts';
import { acceptRequestId } from './request-context';

/** Paths pino blanks in every line: credentials must never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.kubeconfig',
  '*.privateKey',
  '*.DATABASE_URL',
];

/**
 * Structured JSON logs (pino) for one app: `service` on every line, HTTP lines carry the request id,
 * message handlers get theirs from {@link NatsMessageInterceptor}.
 */
export function createLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    // probes and scrapes would drown the log
    forRoutes: [{ method: RequestMethod.ALL, path: '{*path}' }],
    exclude: [
      { method: RequestMethod.ALL, path: 'health' },
      { method: RequestMethod.ALL, path: 'health/{*path}' },
      { method: RequestMethod.ALL, path: 'metrics' },
    ],
    pinoHttp: {
      level,
      name: service,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => acceptRequestId(req.headers[HEADERS.requestId]),
      customAttributeKeys: { reqId: 'requestId' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}
