// Test support for the quota context: a real auth service (quota context only, the whole auth schema
// migrated) on the run's private NATS and database, tenants seeded straight into the identity tables,
// and calls made as a given identity, in-process or over NATS.
import { Module } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Role, TokenScope, type IdentityDto } from '@flotilla/contracts';
import { bootstrapService, loadConfig, NatsRequester, RequestContext, serviceRootModule, type StartedService } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { AuthConfig } from '../../auth.config';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../../migrations';
import { QuotaModule } from '../quota.module';

@Module({})
class QuotaTestRoot {}

/** The auth service with only its quota context, and a NATS client to call it. */
export interface QuotaService {
  service: StartedService;
  nats: NatsConnection;
  requester: NatsRequester;
  close(): Promise<void>;
}

export async function startQuotaService(requestTimeoutMs = 30_000): Promise<QuotaService> {
  const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn', HEALTH_PORT: '0' };
  const config = loadConfig(AuthConfig, env);
  const module = serviceRootModule(QuotaTestRoot, 'auth', config, { entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS, contexts: [QuotaModule] });
  const service = await bootstrapService(module, 'auth', config, { handleSignals: false });
  const nats = await connect({ servers: inject('natsUrl') });
  return {
    service,
    nats,
    requester: new NatsRequester(nats, requestTimeoutMs),
    async close() {
      await service.app.close();
      await nats.close();
    },
  };
}

/** An organization seeded in the identity tables, with a team and one user per role. */
export interface SeededTenant {
  orgId: string;
  teamId: string;
  otherTeamId: string;
  orgAdmin: IdentityDto;
  member: IdentityDto;
  viewer: IdentityDto;
  /** A member whose credential is read-only. */
  readOnlyMember: IdentityDto;
}

const WRITE = [TokenScope.Read, TokenScope.Write];

/** A platform admin (belongs to no organization). */
export function platformAdmin(): IdentityDto {
  return { userId: randomUUID(), orgId: null, role: Role.PlatformAdmin, teamIds: [], scopes: WRITE };
}

async function insertUser(databaseUrl: string, orgId: string, role: Role): Promise<string> {
  const id = randomUUID();
  const username = `u-${id.slice(0, 12)}`;
  await query(databaseUrl, 'INSERT INTO auth.users (id, org_id, username, display_name, role) VALUES ($1, $2, $3, $3, $4)', [id, orgId, username, role]);
  return id;
}

/** Seeds an organization with two teams and an org admin, a member (in the first team) and a viewer. */
export async function seedTenant(databaseUrl = inject('databaseUrl')): Promise<SeededTenant> {
  const orgId = randomUUID();
  const [teamId, otherTeamId] = [randomUUID(), randomUUID()];
  await query(databaseUrl, 'INSERT INTO auth.organizations (id, name, display_name) VALUES ($1, $2, $2)', [orgId, `org-${orgId.slice(0, 13)}`]);
  for (const id of [teamId, otherTeamId]) {
    await query(databaseUrl, 'INSERT INTO auth.teams (id, org_id, name, display_name) VALUES ($1, $2, $3, $3)', [id, orgId, `team-${id.slice(0, 12)}`]);
  }
  const identity = async (role: Role, teamIds: string[] = [], scopes = WRITE): Promise<IdentityDto> => ({
    userId: await insertUser(databaseUrl, orgId, role),
    orgId,
    role,
    teamIds,
    scopes,
  });
  return {
    orgId,
    teamId,
    otherTeamId,
    orgAdmin: await identity(Role.OrgAdmin),
    member: await identity(Role.Member, [teamId]),
    viewer: await identity(Role.Viewer),
    readOnlyMember: await identity(Role.Member, [teamId], [TokenScope.Read]),
  };
}

/** Runs `fn` as `identity`, as the message interceptor does for a request that carried it. */
export function as<T>(identity: IdentityDto, fn: () => Promise<T>): Promise<T> {
  return RequestContext.run({ requestId: randomUUID(), identity }, fn);
}

/** What a failed call threw, for assertions on domain errors. */
export async function failure(promise: Promise<unknown>): Promise<{ code?: string; message?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string };
  }
  throw new Error('expected the call to fail');
}
