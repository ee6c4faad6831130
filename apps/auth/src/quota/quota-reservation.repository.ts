import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ReservationState } from '@flotilla/contracts';
import { fromExactStrings, toExactStrings, type ResourceAmounts } from './quota-resources.util';

/** A reservation as stored. */
export interface ReservationRecord {
  id: string;
  orgId: string;
  teamId: string | null;
  userId: string | null;
  idempotencyKey: string;
  requestHash: string;
  amounts: ResourceAmounts;
  state: ReservationState;
  ttlSeconds: number;
  expiresAt: Date;
  createdAt: Date;
  committedAt: Date | null;
  endedAt: Date | null;
  createdBy: string;
  /** created_at to the microsecond (ISO 8601, UTC): the listing's keyset cursor. */
  createdAtExact: string;
  /** Past its expiry time by the database clock when read (the reaper may not have run yet). */
  expired: boolean;
}

/** What a new reservation is made of. */
export type NewReservation = Pick<
  ReservationRecord,
  'id' | 'orgId' | 'teamId' | 'userId' | 'idempotencyKey' | 'requestHash' | 'amounts' | 'ttlSeconds' | 'createdBy'
>;

/** Filter and page of a reservation listing. */
export interface ReservationListQuery {
  orgId: string;
  state?: ReservationState;
  teamId?: string;
  userId?: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

interface RawReservation {
  id: string;
  org_id: string;
  team_id: string | null;
  user_id: string | null;
  idempotency_key: string;
  request_hash: string;
  amounts: Record<string, string>;
  state: ReservationState;
  ttl_seconds: number;
  expires_at: Date;
  created_at: Date;
  committed_at: Date | null;
  ended_at: Date | null;
  created_by: string;
  created_at_exact: string;
  expired: boolean;
}

const COLUMNS = `r.id, r.org_id, r.team_id, r.user_id, r.idempotency_key, r.request_hash, r.amounts, r.state, r.ttl_seconds,
  r.expires_at, r.created_at, r.committed_at, r.ended_at, r.created_by, (r.expires_at <= now()) AS expired,
  to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact`;

function toRecord(raw: RawReservation): ReservationRecord {
  return {
    id: raw.id,
    orgId: raw.org_id,
    teamId: raw.team_id,
    userId: raw.user_id,
    idempotencyKey: raw.idempotency_key,
    requestHash: raw.request_hash,
    amounts: fromExactStrings(raw.amounts),
    state: raw.state,
    ttlSeconds: raw.ttl_seconds,
    expiresAt: raw.expires_at,
    createdAt: raw.created_at,
    committedAt: raw.committed_at,
    endedAt: raw.ended_at,
    createdBy: raw.created_by,
    createdAtExact: raw.created_at_exact,
    expired: raw.expired,
  };
}

function first(raw: RawReservation[]): ReservationRecord | null {
  return raw.length ? toRecord(raw[0]) : null;
}

/** Reservations of the quota ledger in Postgres. */
@Injectable()
export class QuotaReservationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a reservation unless its organization already used the idempotency key: then nothing is
   * written and null comes back (a concurrent insert of the same key is waited for, so the caller
   * can read the winner once this transaction ends).
   */
  async insertIfNew(manager: EntityManager, reservation: NewReservation): Promise<ReservationRecord | null> {
    const r = reservation;
    const raw: RawReservation[] = await manager.query(
      `INSERT INTO quota_reservations AS r (id, org_id, team_id, user_id, idempotency_key, request_hash, amounts, state, ttl_seconds, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'reserved', $8::integer, now() + $8::integer * interval '1 second', $9)
       ON CONFLICT (org_id, idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.id, r.orgId, r.teamId, r.userId, r.idempotencyKey, r.requestHash, JSON.stringify(toExactStrings(r.amounts)), r.ttlSeconds, r.createdBy],
    );
    return first(raw);
  }

  /** The reservation an organization made with an idempotency key. */
  async findByKey(orgId: string, idempotencyKey: string): Promise<ReservationRecord | null> {
    return first(await this.dataSource.query(`SELECT ${COLUMNS} FROM quota_reservations r WHERE r.org_id = $1 AND r.idempotency_key = $2`, [orgId, idempotencyKey]));
  }

  /** One reservation of an organization. */
  async findById(orgId: string, id: string): Promise<ReservationRecord | null> {
    return first(await this.dataSource.query(`SELECT ${COLUMNS} FROM quota_reservations r WHERE r.org_id = $1 AND r.id = $2`, [orgId, id]));
  }

  /** Locks one reservation of an organization for a state change. */
  async lockById(manager: EntityManager, orgId: string, id: string): Promise<ReservationRecord | null> {
    return first(await manager.query(`SELECT ${COLUMNS} FROM quota_reservations r WHERE r.org_id = $1 AND r.id = $2 FOR UPDATE`, [orgId, id]));
  }

  /**
   * Locks the oldest reservation still held past its expiry (as of `asOf`, default the database's
   * clock), skipping those another transaction holds: replicas of the reaper share the work.
   */
  async lockNextExpired(manager: EntityManager, asOf?: Date): Promise<ReservationRecord | null> {
    return first(
      await manager.query(
        `SELECT ${COLUMNS} FROM quota_reservations r
         WHERE r.state = 'reserved' AND r.expires_at <= coalesce($1::timestamptz, now())
         ORDER BY r.expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [asOf ?? null],
      ),
    );
  }

  /** Moves a locked reservation to a new state, stamping when. */
  async setState(manager: EntityManager, id: string, state: ReservationState): Promise<ReservationRecord> {
    const stamp = state === ReservationState.Committed ? 'committed_at' : 'ended_at';
    const [raw] = (await manager.query(`UPDATE quota_reservations r SET state = $2, ${stamp} = now() WHERE r.id = $1 RETURNING ${COLUMNS}`, [id, state])) as [
      RawReservation[],
      number,
    ];
    return toRecord(raw[0]);
  }

  /** A page of an organization's reservations, newest first (keyset: created_at, id). */
  async list(query: ReservationListQuery): Promise<ReservationRecord[]> {
    const raw: RawReservation[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM quota_reservations r
       WHERE r.org_id = $1
         AND ($2::text IS NULL OR r.state = $2)
         AND ($3::uuid IS NULL OR r.team_id = $3)
         AND ($4::uuid IS NULL OR r.user_id = $4)
         AND ($5::timestamptz IS NULL OR (r.created_at, r.id) < ($5::timestamptz, $6::uuid))
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT $7`,
      [query.orgId, query.state ?? null, query.teamId ?? null, query.userId ?? null, query.after?.createdAt ?? null, query.after?.id ?? null, query.limit],
    );
    return raw.map(toRecord);
  }
}
