import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditResult, type AuditEventDto, type AuditedMethod, type Role } from '@flotilla/contracts';
import type { AuditCursor } from './audit-cursor.util';

/** What the list asks of the log, after authorization has fixed the organization. */
export interface AuditLogFilter {
  orgId?: string;
  userId?: string;
  action?: string;
  result?: AuditResult;
  status?: number;
  from?: string;
  to?: string;
  targetId?: string;
  requestId?: string;
  after?: AuditCursor;
  limit: number;
}

interface AuditLogRow {
  id: string;
  occurred_at: Date;
  request_id: string;
  user_id: string | null;
  org_id: string | null;
  role: string | null;
  token_id: string | null;
  action: string;
  method: string;
  route: string;
  target: Record<string, string>;
  status: number;
  error_code: string | null;
  client_ip: string | null;
  user_agent: string | null;
  duration_ms: number;
}

const INSERT = `INSERT INTO audit_log (id, occurred_at, request_id, user_id, org_id, role, token_id, action, method, route,
    target, target_ids, status, error_code, client_ip, user_agent, duration_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
  ON CONFLICT (id) DO NOTHING RETURNING id`;

const COLUMNS = `id, occurred_at, request_id, user_id, org_id, role, token_id, action, method, route, target, status,
  error_code, client_ip, user_agent, duration_ms`;

/** One SQL condition per filter that is set; `p` adds a parameter and returns its placeholder. */
type Condition = (filter: AuditLogFilter, p: (value: unknown) => string) => string | undefined;

const CONDITIONS: Condition[] = [
  (f, p) => (f.orgId === undefined ? undefined : `org_id = ${p(f.orgId)}`),
  (f, p) => (f.userId === undefined ? undefined : `user_id = ${p(f.userId)}`),
  (f, p) => actionCondition(f.action, p),
  (f) => (f.result === undefined ? undefined : f.result === AuditResult.Success ? 'status < 400' : 'status >= 400'),
  (f, p) => (f.status === undefined ? undefined : `status = ${p(f.status)}`),
  (f, p) => (f.from === undefined ? undefined : `occurred_at >= ${p(f.from)}`),
  (f, p) => (f.to === undefined ? undefined : `occurred_at < ${p(f.to)}`),
  (f, p) => (f.targetId === undefined ? undefined : `target_ids @> ARRAY[${p(f.targetId)}]::text[]`),
  (f, p) => (f.requestId === undefined ? undefined : `request_id = ${p(f.requestId)}`),
  (f, p) => (f.after === undefined ? undefined : `(occurred_at, id) < (${p(f.after.occurredAt)}, ${p(f.after.id)})`),
];

function actionCondition(action: string | undefined, p: (value: unknown) => string): string | undefined {
  if (action === undefined) return undefined;
  if (!action.endsWith('*')) return `action = ${p(action)}`;
  const prefix = action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
  return `action LIKE ${p(`${prefix}%`)}`;
}

/** Reads and writes the `audit_log` table of the auth schema. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores one event; an event id already stored is left as it is (retries are harmless). */
  async insert(event: AuditEventDto): Promise<boolean> {
    const target = event.target ?? {};
    const inserted: unknown[] = await this.dataSource.query(INSERT, [
      event.id,
      event.occurredAt,
      event.requestId,
      event.userId ?? null,
      event.orgId ?? null,
      event.role ?? null,
      event.tokenId ?? null,
      event.action,
      event.method,
      event.route,
      JSON.stringify(target),
      Object.values(target),
      event.status,
      event.errorCode ?? null,
      event.clientIp ?? null,
      event.userAgent ?? null,
      event.durationMs,
    ]);
    return inserted.length > 0;
  }

  /** Up to `limit` events matching the filter, newest first (occurred_at, then id, descending). */
  async list(filter: AuditLogFilter): Promise<AuditEventDto[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const conditions = CONDITIONS.map((condition) => condition(filter, p)).filter((c): c is string => c !== undefined);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sql = `SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT ${p(filter.limit)}`;
    const rows: AuditLogRow[] = await this.dataSource.query(sql, params);
    return rows.map(toDto);
  }
}

function toDto(row: AuditLogRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    requestId: row.request_id,
    userId: row.user_id,
    orgId: row.org_id,
    role: row.role as Role | null,
    tokenId: row.token_id,
    action: row.action,
    method: row.method as AuditedMethod,
    route: row.route,
    target: row.target,
    status: row.status,
    errorCode: row.error_code,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    durationMs: row.duration_ms,
  };
}
