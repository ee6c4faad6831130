// Test kit of the identity integration specs: the auth service on its own throw-away database (so a
// spec controls whether it starts empty), and a NATS client that calls it as a given identity.
import { connect, type NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ErrorCode, type IdentityDto } from '@flotilla/contracts';
import { bootstrapService, DomainException, loadConfig, NatsRequester, RequestContext, type StartedService } from '@flotilla/common';
import { CreateOutboxTable1732300000000, OutboxMessage } from '@flotilla/common';
import { dropDatabase, ensureDatabase, serviceDataSourceOptions } from '@flotilla/persistence';
import { DataSource } from 'typeorm';
import { AuthConfig } from '../../auth.config';
import { AuthModule } from '../../auth.module';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../../migrations';

/** A database of its own, created now and dropped by {@link ScratchDatabase.drop}. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `${url.pathname}_id_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

/**
 * Runs the auth schema's migrations without starting the service, so that replicas started next race
 * on the bootstrap only (concurrent first migrations are the persistence layer's business).
 */
export async function migrate(databaseUrl: string): Promise<void> {
  const options = await serviceDataSourceOptions({
    url: databaseUrl,
    schema: 'auth',
    entities: [OutboxMessage, ...AUTH_ENTITIES],
    migrations: [CreateOutboxTable1732300000000, ...AUTH_MIGRATIONS],
  });
  const dataSource = new DataSource({ ...options, logging: false });
  await dataSource.initialize();
  await dataSource.destroy();
}

/** A high-entropy token in the Flotilla format, for FLOTILLA_BOOTSTRAP_TOKEN. */
export function randomBootstrapToken(): string {
  return `flt_${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** Starts the auth service on `databaseUrl` (LOG_LEVEL silent unless given). */
export async function startAuth(databaseUrl: string, env: Record<string, string> = {}): Promise<StartedService> {
  const config = loadConfig(AuthConfig, { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', HEALTH_PORT: '0', ...env });
  return bootstrapService(AuthModule.register(config), 'auth', config, { handleSignals: false });
}

/** Calls auth over NATS, as the gateway does: with or without an identity in the request context. */
export class AuthClient {
  private constructor(
    private readonly connection: NatsConnection,
    private readonly requester: NatsRequester,
  ) {}

  static async connect(): Promise<AuthClient> {
    const connection = await connect({ servers: inject('natsUrl') });
    return new AuthClient(connection, new NatsRequester(connection, 5_000));
  }

  /** Sends `payload` to `subject` as `identity` (none: anonymous). */
  as<T>(identity: IdentityDto | undefined, subject: string, payload: unknown = {}): Promise<T> {
    return RequestContext.run({ requestId: randomUUID(), identity }, () => this.requester.request<T>(subject, payload));
  }

  /** The error code a call fails with (fails the test when it succeeds). */
  async errorOf(identity: IdentityDto | undefined, subject: string, payload: unknown = {}): Promise<ErrorCode> {
    const outcome = await this.as(identity, subject, payload).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(outcome instanceof DomainException)) throw new Error(`${subject} was expected to fail, and answered`);
    return outcome.code;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
