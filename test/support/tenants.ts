// Tenants for e2e suites: an organization with one user per role, each holding an API token, created
// through the gateway's REST API like a platform admin would. Every call creates fresh names, so
// suites can run against a database that already holds data.
import { randomBytes } from 'node:crypto';

/** The organization roles a tenant has one user of. */
export const TENANT_ROLES = ['orgAdmin', 'member', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

const ROLE_NAMES: Record<TenantRole, string> = { orgAdmin: 'org-admin', member: 'member', viewer: 'viewer' };

/** A parsed JSON body: tests read into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** One answer of the gateway: status, headers, parsed JSON body (undefined for an empty body) and raw text. */
export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Called with every answer a client gets (e.g. to check that no secret ever shows up). */
export type ResponseObserver = (response: ApiResponse, request: { method: string; path: string }) => void;

/**
 * A small REST client of the gateway. Paths are relative to `/api/v1`; with a token it sends
 * `Authorization: Bearer <token>`.
 */
export class ApiClient {
  constructor(
    readonly gatewayUrl: string,
    readonly token?: string,
    private readonly observer?: ResponseObserver,
  ) {}

  /** The same client with another credential (undefined: anonymous). */
  as(token: string | undefined): ApiClient {
    return new ApiClient(this.gatewayUrl, token, this.observer);
  }

  /** The same client, reporting every answer to `observer`. */
  observed(observer: ResponseObserver): ApiClient {
    return new ApiClient(this.gatewayUrl, this.token, observer);
  }

  get<T = Json>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Json>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  patch<T = Json>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body);
  }

  put<T = Json>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }

  delete<T = Json>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.gatewayUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    const json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
    const answer: ApiResponse<T> = { status: response.status, headers: response.headers, body: json as T, text };
    this.observer?.(answer, { method, path });
    return answer;
  }
}

/** One user of a tenant. */
export interface TenantUser {
  id: string;
  username: string;
  password: string;
  /** A read+write API token of the user. */
  token: string;
  /** An ApiClient sending that token. */
  client: ApiClient;
}

/** An organization with one user per role. */
export interface Tenant {
  orgId: string;
  orgName: string;
  /** API tokens (read+write) by role, for `Authorization: Bearer`. */
  tokens: Record<TenantRole, string>;
  users: Record<TenantRole, TenantUser>;
}

/** Options of {@link createTenant}. */
export interface TenantOptions {
  /** Organization name (default: a fresh `t-<random>`). */
  name?: string;
  /** Observes every answer the helper's own calls get. */
  observer?: ResponseObserver;
}

function expectStatus(response: ApiResponse, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${response.status} ${response.text}`);
}

/** A fresh name that fits organization, team and user name rules. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates an API token for whoever `client` authenticates as; answers the token (shown once). */
export async function createToken(client: ApiClient, scopes: Array<'read' | 'write'> = ['read', 'write'], expiresAt?: string): Promise<{ id: string; token: string }> {
  const created = await client.post('/me/tokens', { name: uniqueName('token'), scopes, ...(expiresAt ? { expiresAt } : {}) });
  expectStatus(created, 201, 'POST /me/tokens');
  return { id: created.body.id, token: created.body.token };
}

/** Logs in with a password; answers the access token (JWT). */
export async function login(gatewayUrl: string, username: string, password: string): Promise<string> {
  const answer = await new ApiClient(gatewayUrl).post('/auth/login', { username, password });
  expectStatus(answer, 200, `POST /auth/login as ${username}`);
  return answer.body.accessToken;
}

/**
 * Creates an organization as the platform admin (`adminToken`, e.g. `bootstrapToken()` from
 * ./platform), then one org admin, one member and one viewer in it, each with a password, and for each
 * a read+write API token obtained the way a user would: password login, then POST /me/tokens.
 */
export async function createTenant(gatewayUrl: string, adminToken: string, options: TenantOptions = {}): Promise<Tenant> {
  const admin = new ApiClient(gatewayUrl, adminToken, options.observer);
  const orgName = options.name ?? uniqueName('t');
  const org = await admin.post('/orgs', { name: orgName, displayName: `Tenant ${orgName}` });
  expectStatus(org, 201, 'POST /orgs');
  const entries = await Promise.all(
    TENANT_ROLES.map(async (role): Promise<[TenantRole, TenantUser]> => {
      const username = uniqueName(`${orgName}-${ROLE_NAMES[role]}`);
      const password = randomBytes(18).toString('base64url');
      const user = await admin.post(`/orgs/${org.body.id}/users`, { username, password, role: ROLE_NAMES[role], email: `${username}@${orgName}.example` });
      expectStatus(user, 201, `POST /orgs/${org.body.id}/users`);
      const session = admin.as(await login(gatewayUrl, username, password));
      const { token } = await createToken(session);
      return [role, { id: user.body.id, username, password, token, client: admin.as(token) }];
    }),
  );
  const users = Object.fromEntries(entries) as Record<TenantRole, TenantUser>;
  const tokens = Object.fromEntries(entries.map(([role, user]) => [role, user.token])) as Record<TenantRole, string>;
  return { orgId: org.body.id, orgName, tokens, users };
}
