// Test kit of the clusters integration specs: the registry service on a throw-away database of its
// own (so its key ring and default cluster meet no other spec's rows), a NATS client that calls it
// as a given identity, identities per role, and the cluster events read back from JetStream.
import { connect, type NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Role, STREAMS, TokenScope, type ClusterEvent, type IdentityDto } from '@flotilla/contracts';
import { bootstrapService, DomainException, loadConfig, NatsRequester, RequestContext, type StartedService } from '@flotilla/common';
import { dropDatabase, ensureDatabase } from '@flotilla/persistence';
import { RegistryConfig } from '../../registry.config';
import { RegistryModule } from '../../registry.module';

/** A database of its own, created now and dropped by `drop`. */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `${url.pathname}_reg_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

/** A fresh key-encryption key list for FLOTILLA_REGISTRY_KEYS. */
export function testKeys(): string {
  return `k1:${randomBytes(32).toString('base64')}`;
}

/** Starts the registry on `databaseUrl` (warn logs, free health port). */
export function startRegistry(databaseUrl: string, env: Record<string, string>): Promise<StartedService> {
  const config = loadConfig(RegistryConfig, { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', HEALTH_PORT: '0', ...env });
  return bootstrapService(RegistryModule.register(config), 'registry', config, { handleSignals: false });
}

/** What a failed call answered. */
export interface Failure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Calls the registry over NATS as the gateway does: with an identity in the request context. */
export class RegistryClient {
  private constructor(
    readonly connection: NatsConnection,
    private readonly requester: NatsRequester,
  ) {}

  static async connect(timeoutMs = 30_000): Promise<RegistryClient> {
    const connection = await connect({ servers: inject('natsUrl') });
    return new RegistryClient(connection, new NatsRequester(connection, timeoutMs));
  }

  as<T>(identity: IdentityDto | undefined, subject: string, payload: unknown = {}): Promise<T> {
    return RequestContext.run({ requestId: randomUUID(), identity }, () => this.requester.request<T>(subject, payload));
  }

  /** The domain error a call fails with (fails the test when it succeeds). */
  async failure(identity: IdentityDto | undefined, subject: string, payload: unknown = {}): Promise<Failure> {
    const outcome = await this.as(identity, subject, payload).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(outcome instanceof DomainException)) throw new Error(`${subject} was expected to fail, and answered`);
    return { code: outcome.code, message: outcome.message, details: outcome.details };
  }

  /**
   * The `cluster.*` events about `clusterId` in the FLOTILLA_CLUSTERS stream, once at least `count`
   * arrived (the outbox relay publishes shortly after the commit), oldest first.
   */
  async events(clusterId: string, count: number, timeoutMs = 15_000): Promise<Array<{ subject: string; event: ClusterEvent }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.readEvents(clusterId);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private readonly seen: Array<{ subject: string; event: ClusterEvent }> = [];
  private lastSeq = 0;

  /** Reads the stream from where the previous read stopped (by sequence: other specs' events are in it too). */
  private async readEvents(clusterId: string): Promise<Array<{ subject: string; event: ClusterEvent }>> {
    const jsm = await this.connection.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.registry.name);
    for (let seq = Math.max(this.lastSeq + 1, state.first_seq); seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(STREAMS.registry.name, { seq }).catch(() => null);
      if (message) this.seen.push({ subject: message.subject, event: message.json<ClusterEvent>() });
      this.lastSeq = seq;
    }
    return this.seen.filter((entry) => entry.event.clusterId === clusterId);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

const WRITE = [TokenScope.Read, TokenScope.Write];

/** A platform admin (belongs to no organization). */
export function platformAdmin(): IdentityDto {
  return { userId: randomUUID(), orgId: null, role: Role.PlatformAdmin, teamIds: [], scopes: WRITE };
}

/** An organization's callers, one per role, plus an org admin holding a read-only token. */
export interface Tenant {
  orgId: string;
  orgAdmin: IdentityDto;
  member: IdentityDto;
  viewer: IdentityDto;
  readOnlyAdmin: IdentityDto;
}

/** A new organization (the registry keeps no organization rows: identities are all it sees). */
export function tenant(): Tenant {
  const orgId = randomUUID();
  const identity = (role: Role, scopes = WRITE): IdentityDto => ({ userId: randomUUID(), orgId, role, teamIds: [], scopes });
  return {
    orgId,
    orgAdmin: identity(Role.OrgAdmin),
    member: identity(Role.Member),
    viewer: identity(Role.Viewer),
    readOnlyAdmin: identity(Role.OrgAdmin, [TokenScope.Read]),
  };
}
