import { QuotaScope } from '@flotilla/contracts';
import type { LedgerCharge, LedgerDelta, LedgerRow } from './quota-ledger.repository';
import type { ResourceAmounts } from './quota-resources.util';

/** Whom a reservation charges: always the organization, and a team and a user within it when given. */
export interface QuotaOwner {
  orgId: string;
  teamId: string | null;
  userId: string | null;
}

/** A row that cannot take its charge. */
export interface QuotaViolation extends LedgerCharge {
  hard: bigint;
  used: bigint;
  reserved: bigint;
  available: bigint;
}

/** How a ledger change moves amounts: +1/-1/0 on reserved and on used. */
export interface Movement {
  reserved: -1n | 0n | 1n;
  used: -1n | 0n | 1n;
}

/** Commit: what was held becomes used. */
export const COMMIT: Movement = { reserved: -1n, used: 1n };
/** Release or expiry of a reservation not committed. */
export const UNRESERVE: Movement = { reserved: -1n, used: 0n };
/** Release of committed usage. */
export const UNUSE: Movement = { reserved: 0n, used: -1n };

/** The scopes an owner is charged at, broadest first. */
export function ownerScopes(owner: QuotaOwner): Array<{ scope: QuotaScope; scopeId: string }> {
  const scopes = [{ scope: QuotaScope.Org, scopeId: owner.orgId }];
  if (owner.teamId) scopes.push({ scope: QuotaScope.Team, scopeId: owner.teamId });
  if (owner.userId) scopes.push({ scope: QuotaScope.User, scopeId: owner.userId });
  return scopes;
}

/** Every (scope, resource) row the amounts touch, with the amount for each. */
export function chargesOf(owner: QuotaOwner, amounts: ResourceAmounts): LedgerCharge[] {
  return ownerScopes(owner).flatMap(({ scope, scopeId }) => [...amounts].map(([resource, amount]) => ({ scope, scopeId, resource, amount })));
}

/** What a hard limit leaves for new reservations (never below zero); null when unlimited. */
export function availableOf(row: Pick<LedgerRow, 'hard' | 'used' | 'reserved'>): bigint | null {
  if (row.hard === null) return null;
  const left = row.hard - row.used - row.reserved;
  return left > 0n ? left : 0n;
}

/** True when used + reserved exceeds the hard limit (it was lowered below use). */
export function isOverLimit(row: Pick<LedgerRow, 'hard' | 'used' | 'reserved'>): boolean {
  return row.hard !== null && row.used + row.reserved > row.hard;
}

/**
 * The charges the locked rows cannot take: `used + reserved + amount > hard` on any of them. A row
 * already over its (lowered) limit refuses any positive amount.
 */
export function findViolations(rows: LedgerRow[], charges: LedgerCharge[]): QuotaViolation[] {
  return charges.flatMap((charge) => {
    const row = rows.find((r) => r.scope === charge.scope && r.scopeId === charge.scopeId && r.resource === charge.resource);
    if (!row || row.hard === null || row.used + row.reserved + charge.amount <= row.hard) return [];
    return [{ ...charge, hard: row.hard, used: row.used, reserved: row.reserved, available: availableOf(row) ?? 0n }];
  });
}

/** The signed changes a movement makes to the charged rows. */
export function deltasOf(charges: LedgerCharge[], movement: Movement): LedgerDelta[] {
  return charges.map((c) => ({ scope: c.scope, scopeId: c.scopeId, resource: c.resource, reserved: c.amount * movement.reserved, used: c.amount * movement.used }));
}
