import { Role, TokenScope, IDENTITY_SUBJECTS, type AuthenticateResult } from '@flotilla/contracts';
import type { StartedService } from '@flotilla/common';
import { query } from '@flotilla/common/testing';
import { AuthClient, migrate, randomBootstrapToken, scratchDatabase, startAuth, type ScratchDatabase } from '../testing/auth-under-test';

/** Everything written to stdout while `fn` runs (the bootstrap banner goes there, not to the logger). */
async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(chunk.toString());
    return true;
  });
  try {
    return { result: await fn(), output: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('first start of the auth service (bootstrap)', () => {
  let database: ScratchDatabase;
  let client: AuthClient;
  const started: StartedService[] = [];

  beforeAll(async () => {
    client = await AuthClient.connect();
  });

  beforeEach(async () => {
    database = await scratchDatabase();
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.app.close()));
    await database.drop();
  });

  afterAll(() => client.close());

  const users = () => query<{ username: string; role: string; org_id: string | null }>(database.url, 'SELECT username, role, org_id FROM auth.users');
  const tokens = () => query<{ name: string; scopes: string[]; token_hash: string }>(database.url, 'SELECT name, scopes, token_hash FROM auth.api_tokens');

  it('on an empty database creates the platform admin and prints a one-time token, once', async () => {
    const { output } = await capturingStdout(async () => started.push(await startAuth(database.url)));
    const printed = /FLOTILLA BOOTSTRAP TOKEN: (flt_[A-Za-z0-9]{40})\n/.exec(output);
    expect(printed, output).not.toBeNull();
    const token = printed![1];

    const answer = await client.as<AuthenticateResult>(undefined, IDENTITY_SUBJECTS.authenticate, { credential: token });
    expect(answer.identity).toMatchObject({ role: Role.PlatformAdmin, orgId: null, scopes: [TokenScope.Read, TokenScope.Write] });
    expect(answer.expiresAt).toBeNull();
    expect(await users()).toEqual([{ username: 'admin', role: 'platform-admin', org_id: null }]);
    expect(JSON.stringify(await tokens())).not.toContain(token);

    await started.pop()!.app.close();
    const again = await capturingStdout(async () => started.push(await startAuth(database.url)));
    expect(again.output).not.toContain('FLOTILLA BOOTSTRAP');
    expect(await users()).toHaveLength(1);
  });

  it('takes FLOTILLA_BOOTSTRAP_TOKEN when given, and prints nothing', async () => {
    const token = randomBootstrapToken();
    const { output } = await capturingStdout(async () => started.push(await startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: token })));
    expect(output).not.toContain(token);
    expect(output).not.toContain('FLOTILLA BOOTSTRAP');
    const answer = await client.as<AuthenticateResult>(undefined, IDENTITY_SUBJECTS.authenticate, { credential: token });
    expect(answer.identity.role).toBe(Role.PlatformAdmin);
    expect(await tokens()).toEqual([{ name: 'bootstrap (FLOTILLA_BOOTSTRAP_TOKEN)', scopes: ['read', 'write'], token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('installs a FLOTILLA_BOOTSTRAP_TOKEN set after the first start, once; a revoked one stays revoked', async () => {
    await capturingStdout(async () => started.push(await startAuth(database.url)));
    await started.pop()!.app.close();
    const token = randomBootstrapToken();
    started.push(await startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: token }));
    const { identity } = await client.as<AuthenticateResult>(undefined, IDENTITY_SUBJECTS.authenticate, { credential: token });
    expect(identity.role).toBe(Role.PlatformAdmin);
    expect(await users()).toHaveLength(1);
    expect(await tokens()).toHaveLength(2);

    await client.as(identity, IDENTITY_SUBJECTS.tokenRevoke, { tokenId: identity.tokenId });
    await started.pop()!.app.close();
    started.push(await startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: token }));
    await expect(client.as(undefined, IDENTITY_SUBJECTS.authenticate, { credential: token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await tokens()).toHaveLength(2);
  });

  it('a configured token creates the admin even when other users exist already (restored or imported data)', async () => {
    await migrate(database.url);
    await query(database.url, "INSERT INTO auth.organizations (id, name, display_name) VALUES (gen_random_uuid(), 'imported', 'Imported') RETURNING id");
    await query(database.url, "INSERT INTO auth.users (id, org_id, username, display_name, role) SELECT gen_random_uuid(), id, 'someone', 'Someone', 'member' FROM auth.organizations");
    const quiet = await capturingStdout(async () => started.push(await startAuth(database.url)));
    expect(quiet.output).not.toContain('FLOTILLA BOOTSTRAP');
    await started.pop()!.app.close();
    const token = randomBootstrapToken();
    started.push(await startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: token }));
    const { identity } = await client.as<AuthenticateResult>(undefined, IDENTITY_SUBJECTS.authenticate, { credential: token });
    expect(identity).toMatchObject({ role: Role.PlatformAdmin, orgId: null });
  });

  it('racing replicas on one empty database create exactly one admin and one token', async () => {
    await migrate(database.url);
    const token = randomBootstrapToken();
    const { output } = await capturingStdout(async () => {
      started.push(...(await Promise.all([1, 2, 3].map(() => startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: token })))));
    });
    expect(output).not.toContain(token);
    expect(await users()).toHaveLength(1);
    expect(await tokens()).toHaveLength(1);
  });

  it('racing replicas without a configured token print exactly one token', async () => {
    await migrate(database.url);
    const { output } = await capturingStdout(async () => {
      started.push(...(await Promise.all([1, 2].map(() => startAuth(database.url)))));
    });
    expect(output.match(/FLOTILLA BOOTSTRAP TOKEN: /g)).toHaveLength(1);
    expect(await tokens()).toHaveLength(1);
  });

  it('without JWT_SECRET generates one key, stored once and reused by every later start', async () => {
    const env = { FLOTILLA_BOOTSTRAP_TOKEN: randomBootstrapToken() };
    started.push(await startAuth(database.url, env));
    const [first] = await query<{ value: string }>(database.url, "SELECT value FROM auth.settings WHERE key = 'jwt_secret'");
    expect(first.value.length).toBeGreaterThanOrEqual(32);
    await started.pop()!.app.close();
    started.push(await startAuth(database.url, env));
    expect(await query(database.url, "SELECT value FROM auth.settings WHERE key = 'jwt_secret'")).toEqual([first]);
  });

  it('refuses a low-entropy or short FLOTILLA_BOOTSTRAP_TOKEN at start', async () => {
    await expect(startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: 'a'.repeat(40) })).rejects.toThrow(/FLOTILLA_BOOTSTRAP_TOKEN=\[redacted\]/);
    await expect(startAuth(database.url, { FLOTILLA_BOOTSTRAP_TOKEN: 'flt_short' })).rejects.toThrow(/FLOTILLA_BOOTSTRAP_TOKEN/);
  });
});
