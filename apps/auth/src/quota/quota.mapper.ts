import { QuotaScope, STANDARD_QUOTA_RESOURCES, type QuotaDto, type QuotaReservationDto, type QuotaResourceDto } from '@flotilla/contracts';
import type { LedgerRow } from './quota-ledger.repository';
import { availableOf, isOverLimit } from './quota-ledger.util';
import type { ReservationRecord } from './quota-reservation.repository';
import { compareText, resourceUnit, toQuotaQuantities, toQuotaQuantity } from './quota-resources.util';

/** Which quota: the organization's, or one of its teams' or users'. */
export interface QuotaTarget {
  orgId: string;
  scope: QuotaScope;
  scopeId: string;
}

/** The team and user ids of a quota target (null where it is not a team or user quota). */
export function scopeIds(target: QuotaTarget): { teamId: string | null; userId: string | null } {
  return {
    teamId: target.scope === QuotaScope.Team ? target.scopeId : null,
    userId: target.scope === QuotaScope.User ? target.scopeId : null,
  };
}

type Amounts = Pick<LedgerRow, 'hard' | 'used' | 'reserved'>;
const NOTHING: Amounts = { hard: null, used: 0n, reserved: 0n };

function toResource(resource: string, row: Amounts): QuotaResourceDto {
  const available = availableOf(row);
  return {
    resource,
    unit: resourceUnit(resource),
    hard: row.hard === null ? null : toQuotaQuantity(resource, row.hard),
    used: toQuotaQuantity(resource, row.used),
    reserved: toQuotaQuantity(resource, row.reserved),
    available: available === null ? null : toQuotaQuantity(resource, available),
    overLimit: isOverLimit(row),
  };
}

/** A quota for display: every standard resource (unlimited when it has no row), then the others by name. */
export function toQuotaDto(target: QuotaTarget, rows: LedgerRow[]): QuotaDto {
  const byResource = new Map(rows.map((row) => [row.resource, row]));
  const standard: string[] = [...STANDARD_QUOTA_RESOURCES];
  const extra = rows.map((row) => row.resource).filter((name) => !standard.includes(name)).sort(compareText);
  const resources = [...standard, ...extra].map((name) => toResource(name, byResource.get(name) ?? NOTHING));
  return {
    scope: target.scope,
    orgId: target.orgId,
    ...scopeIds(target),
    overLimit: resources.some((r) => r.overLimit),
    resources,
  };
}

/** A reservation for the wire; `replayed` when the answer repeats an earlier request's. */
export function toReservationDto(record: ReservationRecord, replayed = false): QuotaReservationDto {
  return {
    id: record.id,
    orgId: record.orgId,
    teamId: record.teamId,
    userId: record.userId,
    state: record.state,
    amounts: toQuotaQuantities(record.amounts),
    idempotencyKey: record.idempotencyKey,
    ttlSeconds: record.ttlSeconds,
    expiresAt: record.expiresAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    committedAt: record.committedAt?.toISOString() ?? null,
    endedAt: record.endedAt?.toISOString() ?? null,
    createdBy: record.createdBy,
    replayed,
  };
}
