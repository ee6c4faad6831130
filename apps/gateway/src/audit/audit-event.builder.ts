import { randomUUID } from 'node:crypto';
import type { AuditEventDto, AuditedMethod, IdentityDto } from '@flotilla/contracts';
import { errorCodeOfStatus } from '../errors/error-status.map';
import { deriveAction, routePattern } from './audit-action.util';

/** What the gateway saw of one finished request (never its body). */
export interface ObservedRequest {
  method: AuditedMethod;
  url: string;
  /** Pattern of the matched route (`/api/v1/orgs/:orgId`), absent when none matched. */
  routeUrl?: string;
  params: unknown;
  requestId: string;
  ip?: string;
  userAgent?: string;
  status: number;
  elapsedMs: number;
  identity?: IdentityDto;
  /** `error.code` of the response body of a failure, when it had one. */
  errorCode?: string;
}

const MAX_TARGET_KEYS = 16;
const MAX_VALUE_LENGTH = 200;
const MAX_USER_AGENT_LENGTH = 512;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The audit record of a finished request. */
export function buildAuditEvent(seen: ObservedRequest, now = Date.now()): AuditEventDto {
  const target = targetOf(seen.params);
  return {
    id: randomUUID(),
    occurredAt: new Date(Math.round(now - seen.elapsedMs)).toISOString(),
    requestId: seen.requestId,
    ...who(seen.identity, target),
    action: deriveAction(seen.method, seen.routeUrl),
    method: seen.method,
    route: routePattern(seen.routeUrl, seen.url),
    target,
    status: seen.status,
    errorCode: errorCodeOf(seen),
    ...client(seen),
    durationMs: Math.max(0, Math.round(seen.elapsedMs)),
  };
}

type Who = Pick<AuditEventDto, 'userId' | 'orgId' | 'role' | 'tokenId'>;

function who(identity: IdentityDto | undefined, target: Record<string, string>): Who {
  // the caller's org; platform admins and anonymous callers act in the org of the path, if any
  const orgId = identity?.orgId ?? target.orgId ?? null;
  if (!identity) return { userId: null, orgId, role: null, tokenId: null };
  return { userId: identity.userId, orgId, role: identity.role, tokenId: identity.tokenId ?? null };
}

function client(seen: ObservedRequest): Pick<AuditEventDto, 'clientIp' | 'userAgent'> {
  return { clientIp: seen.ip?.slice(0, 64) ?? null, userAgent: seen.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null };
}

/** The path parameters (ids of what the request acted on), as short strings. */
function targetOf(params: unknown): Record<string, string> {
  if (typeof params !== 'object' || params === null) return {};
  const entries = Object.entries(params as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .slice(0, MAX_TARGET_KEYS)
    .map(([key, value]) => [key.slice(0, 64), String(value).slice(0, MAX_VALUE_LENGTH)]);
  return Object.fromEntries(entries);
}

function errorCodeOf(seen: ObservedRequest): string | null {
  if (seen.status < 400) return null;
  return seen.errorCode && ERROR_CODE.test(seen.errorCode) ? seen.errorCode : errorCodeOfStatus(seen.status);
}

/** `error.code` of a serialized error body, if the payload is one (bounded: bodies can be large). */
export function errorCodeOfPayload(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || payload.length > 65_536 || !payload.startsWith('{')) return undefined;
  try {
    const code: unknown = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
