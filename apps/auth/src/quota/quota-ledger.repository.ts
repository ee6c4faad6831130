import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { QuotaScope } from '@flotilla/contracts';
import { notFound } from '@flotilla/common';
import type { ResourceAmounts } from './quota-resources.util';

/** One row of the ledger: a resource of one scope (organization, team or user). */
export interface LedgerKey {
  scope: QuotaScope;
  /** The organization id for the org scope, else the team or user id. */
  scopeId: string;
  resource: string;
}

/** A ledger row's limit and consumption, exact. */
export interface LedgerRow extends LedgerKey {
  /** null: unlimited. */
  hard: bigint | null;
  used: bigint;
  reserved: bigint;
}

/** What a reservation takes from one row. */
export interface LedgerCharge extends LedgerKey {
  amount: bigint;
}

/** Signed changes to apply to one row. */
export interface LedgerDelta extends LedgerKey {
  reserved: bigint;
  used: bigint;
}

/** A reservation needed ledger rows that do not exist yet: create them, then run the transaction again. */
export class MissingLedgerRowsError extends Error {
  constructor(
    readonly orgId: string,
    readonly keys: LedgerKey[],
  ) {
    super(`${keys.length} ledger row(s) of organization ${orgId} do not exist yet`);
  }
}

interface RawLedgerRow {
  scope: QuotaScope;
  scope_id: string;
  resource: string;
  hard: string | null;
  used: string;
  reserved: string;
}

const COLUMNS = 'l.scope, l.scope_id::text AS scope_id, l.resource, l.hard::text AS hard, l.used::text AS used, l.reserved::text AS reserved';
// primary-key order, the one order in which every transaction locks ledger rows: no deadlocks
const LOCK_ORDER = 'ORDER BY l.scope, l.scope_id, l.resource';
const KEYS = 'unnest($2::text[], $3::uuid[], $4::text[]) AS k(scope, scope_id, resource)';
const FOREIGN_KEY_VIOLATION = '23503';
const MISSING_OWNER: Record<string, string> = { quota_ledger_team_fk: 'team', quota_ledger_user_fk: 'user', quota_ledger_org_id_fkey: 'organization' };

function keyParams(orgId: string, keys: LedgerKey[]): unknown[] {
  return [orgId, keys.map((k) => k.scope), keys.map((k) => k.scopeId), keys.map((k) => k.resource)];
}

function toRow(raw: RawLedgerRow): LedgerRow {
  return {
    scope: raw.scope,
    scopeId: raw.scope_id,
    resource: raw.resource,
    hard: raw.hard === null ? null : BigInt(raw.hard),
    used: BigInt(raw.used),
    reserved: BigInt(raw.reserved),
  };
}

/** Same row? */
export function sameKey(a: LedgerKey, b: LedgerKey): boolean {
  return a.scope === b.scope && a.scopeId === b.scopeId && a.resource === b.resource;
}

/**
 * The quota ledger rows in Postgres. Writers lock the rows they change with `SELECT ... FOR UPDATE`
 * in primary-key order before changing them, so concurrent reservations, commits, releases, expiries
 * and limit changes serialize per row without deadlocks, and every check reads locked, current values.
 */
@Injectable()
export class QuotaLedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Creates the rows that do not exist yet (unlimited, nothing used), in a statement of its own so
   * that it never waits while holding other locks. NOT_FOUND when a team or user is not one of the
   * organization's (the composite foreign keys check it).
   */
  async ensureRows(orgId: string, keys: LedgerKey[]): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO quota_ledger (org_id, scope, scope_id, resource)
         SELECT $1, k.scope, k.scope_id, k.resource FROM ${KEYS} ORDER BY k.scope, k.scope_id, k.resource
         ON CONFLICT DO NOTHING`,
        keyParams(orgId, keys),
      );
    } catch (error) {
      throw ownerNotFound(error, orgId, keys) ?? error;
    }
  }

  /**
   * Reserves in one statement: locks the charged rows in primary-key order, checks every one of them
   * as locked (`hard IS NULL OR used + reserved + amount <= hard`) and adds the amounts only if all
   * pass. Returns the rows as they were when locked and whether the amounts were added. A missing
   * row is a {@link MissingLedgerRowsError}. One statement keeps the hot rows locked for the shortest
   * time: from this statement to the commit.
   */
  async reserve(manager: EntityManager, orgId: string, charges: LedgerCharge[]): Promise<{ rows: LedgerRow[]; applied: boolean }> {
    const raw: Array<RawLedgerRow & { ok: boolean }> = await manager.query(
      `WITH k AS (SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::numeric[]) AS k(scope, scope_id, resource, amount)),
       locked AS (
         SELECT l.scope, l.scope_id, l.resource, l.hard, l.used, l.reserved, k.amount FROM quota_ledger l
         JOIN k ON l.scope = k.scope AND l.scope_id = k.scope_id AND l.resource = k.resource
         WHERE l.org_id = $1 ${LOCK_ORDER} FOR UPDATE OF l),
       verdict AS (SELECT count(*) = cardinality($2::text[]) AND coalesce(bool_and(hard IS NULL OR used + reserved + amount <= hard), false) AS ok FROM locked),
       updated AS (
         UPDATE quota_ledger l SET reserved = l.reserved + locked.amount, updated_at = now() FROM locked, verdict
         WHERE verdict.ok AND l.org_id = $1 AND l.scope = locked.scope AND l.scope_id = locked.scope_id AND l.resource = locked.resource
         RETURNING l.resource)
       SELECT ${COLUMNS}, verdict.ok FROM locked l, verdict`,
      [...keyParams(orgId, charges), charges.map((c) => c.amount.toString())],
    );
    const rows = raw.map(toRow);
    const missing = charges.filter((key) => !rows.some((row) => sameKey(row, key)));
    if (missing.length) throw new MissingLedgerRowsError(orgId, missing);
    return { rows, applied: raw.length > 0 && raw[0].ok };
  }

  /**
   * Moves amounts on the rows that still exist (commit, release, expiry never fail a limit; the rows
   * of a deleted team or user are gone with it): locks them in primary-key order and updates them in
   * one statement. The CHECKs refuse anything below zero.
   */
  async move(manager: EntityManager, orgId: string, deltas: LedgerDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await manager.query(
      `WITH d AS (SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::numeric[], $6::numeric[]) AS d(scope, scope_id, resource, reserved, used)),
       locked AS (
         SELECT l.scope, l.scope_id, l.resource, d.reserved, d.used FROM quota_ledger l
         JOIN d ON l.scope = d.scope AND l.scope_id = d.scope_id AND l.resource = d.resource
         WHERE l.org_id = $1 ${LOCK_ORDER} FOR UPDATE OF l)
       UPDATE quota_ledger l SET reserved = l.reserved + locked.reserved, used = l.used + locked.used, updated_at = now() FROM locked
       WHERE l.org_id = $1 AND l.scope = locked.scope AND l.scope_id = locked.scope_id AND l.resource = locked.resource`,
      [...keyParams(orgId, deltas), deltas.map((d) => d.reserved.toString()), deltas.map((d) => d.used.toString())],
    );
  }

  /** Locks every row of one scope, in primary-key order. */
  async lockScope(manager: EntityManager, orgId: string, scope: QuotaScope, scopeId: string): Promise<LedgerRow[]> {
    const raw: RawLedgerRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM quota_ledger l WHERE l.org_id = $1 AND l.scope = $2 AND l.scope_id = $3 ${LOCK_ORDER} FOR UPDATE`,
      [orgId, scope, scopeId],
    );
    return raw.map(toRow);
  }

  /** Reads one scope's rows without locking (what GET quotas shows). */
  async readScope(orgId: string, scope: QuotaScope, scopeId: string, manager?: EntityManager): Promise<LedgerRow[]> {
    const raw: RawLedgerRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM quota_ledger l WHERE l.org_id = $1 AND l.scope = $2 AND l.scope_id = $3 ${LOCK_ORDER}`,
      [orgId, scope, scopeId],
    );
    return raw.map(toRow);
  }

  /** Sets the hard limits of one scope's locked rows: the given ones, and NULL (unlimited) for the rest. */
  async setHard(manager: EntityManager, orgId: string, owner: { scope: QuotaScope; scopeId: string }, hard: ResourceAmounts): Promise<void> {
    await manager.query(
      `UPDATE quota_ledger l
       SET hard = (SELECT h.hard FROM unnest($4::text[], $5::numeric[]) AS h(resource, hard) WHERE h.resource = l.resource), updated_at = now()
       WHERE l.org_id = $1 AND l.scope = $2 AND l.scope_id = $3`,
      [orgId, owner.scope, owner.scopeId, [...hard.keys()], [...hard.values()].map(String)],
    );
  }
}

/** NOT_FOUND naming the team, user or organization a foreign key did not find; undefined for other errors. */
function ownerNotFound(error: unknown, orgId: string, keys: LedgerKey[]): Error | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (driver.code !== FOREIGN_KEY_VIOLATION) return undefined;
  const kind = MISSING_OWNER[driver.constraint ?? ''] ?? 'organization';
  const scope = kind === 'team' ? QuotaScope.Team : kind === 'user' ? QuotaScope.User : QuotaScope.Org;
  const id = keys.find((key) => key.scope === scope)?.scopeId ?? orgId;
  return notFound(kind, id);
}
