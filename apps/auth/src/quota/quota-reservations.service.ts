import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  QuotaChangeReason, RESERVATION_TTL_SECONDS, ReservationState,
  type ListQuotaReservationsRequest, type QuotaReservationDto, type QuotaReservationPageDto, type ReservationParams, type ReserveQuotaRequest,
} from '@flotilla/contracts';
import { canSeeOrg, currentIdentity, notFound, requireWrite } from '@flotilla/common';
import { authorizeListing, authorizeReservationOwner, canSeeReservation } from './quota-access.policy';
import { QuotaEvents } from './quota-events';
import { QuotaLedgerRepository } from './quota-ledger.repository';
import { chargesOf, COMMIT, deltasOf, findViolations, UNRESERVE, UNUSE, type Movement, type QuotaOwner } from './quota-ledger.util';
import { QuotaReservationRepository, type NewReservation, type ReservationRecord } from './quota-reservation.repository';
import { parseResourceQuantities, positiveAmounts, type ResourceAmounts } from './quota-resources.util';
import { QuotaTransactions } from './quota-transactions';
import { QuotaException } from './quota.exception';
import { toReservationDto } from './quota.mapper';
import { decodeCursor, encodeCursor } from './quota-cursor.util';

const DEFAULT_PAGE = 50;

/** Fingerprint of what a reservation asks for: a replayed key must ask for exactly this again. */
function requestHash(owner: QuotaOwner, amounts: ResourceAmounts, ttlSeconds: number): string {
  const canonical = JSON.stringify([owner.orgId, owner.teamId, owner.userId, [...amounts].map(([r, v]) => [r, v.toString()]), ttlSeconds]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The ledger's reservations: reserve (idempotent by key, atomic across the user, team and
 * organization limits), commit, release, expire. Every change locks the ledger rows it touches in
 * primary-key order, checks them as locked, and emits `quota.changed` in the same transaction.
 */
@Injectable()
export class QuotaReservationsService {
  constructor(
    private readonly ledger: QuotaLedgerRepository,
    private readonly reservations: QuotaReservationRepository,
    private readonly transactions: QuotaTransactions,
    private readonly events: QuotaEvents,
  ) {}

  /**
   * Reserves the amounts for the owner, or refuses with QUOTA_EXCEEDED naming every scope and
   * resource that cannot take its share (nothing is held then). The same key with the same request
   * answers the same reservation, whatever its state now; with another request IDEMPOTENCY_MISMATCH.
   */
  async reserve(request: ReserveQuotaRequest): Promise<QuotaReservationDto> {
    const identity = currentIdentity();
    const owner = authorizeReservationOwner(identity, request.owner ?? {});
    const amounts = positiveAmounts(parseResourceQuantities(request.amounts, 'amounts'));
    if (amounts.size === 0) throw QuotaException.invalidField('amounts', 'amounts must ask for more than zero of at least one resource');
    const ttlSeconds = request.ttlSeconds ?? RESERVATION_TTL_SECONDS.default;
    const requestHashValue = requestHash(owner, amounts, ttlSeconds);
    const reservation: NewReservation = {
      id: randomUUID(), ...owner, idempotencyKey: request.idempotencyKey, requestHash: requestHashValue, amounts, ttlSeconds, createdBy: identity.userId,
    };
    const created = await this.transactions.run((manager) => this.reserveIn(manager, reservation));
    if (created) return toReservationDto(created);
    return this.replay(owner.orgId, request.idempotencyKey, requestHashValue);
  }

  /** Turns a held reservation into used quota; committing a committed one changes nothing. */
  async commit(request: ReservationParams): Promise<QuotaReservationDto> {
    return this.change(request, async (manager, reservation, actorId) => {
      if (reservation.state === ReservationState.Committed) return reservation;
      if (reservation.state !== ReservationState.Reserved) throw this.stateConflict(reservation, 'committed');
      if (reservation.expired) throw QuotaException.conflict(`reservation ${reservation.id} expired before its commit`, { id: reservation.id, expiresAt: reservation.expiresAt.toISOString() });
      return this.transition(manager, reservation, { movement: COMMIT, state: ReservationState.Committed, reason: QuotaChangeReason.Committed, actorId });
    });
  }

  /** Frees a held reservation or the usage it became; releasing a released or expired one changes nothing. */
  async release(request: ReservationParams): Promise<QuotaReservationDto> {
    return this.change(request, async (manager, reservation, actorId) => {
      if (reservation.state === ReservationState.Released || reservation.state === ReservationState.Expired) return reservation;
      const movement = reservation.state === ReservationState.Committed ? UNUSE : UNRESERVE;
      return this.transition(manager, reservation, { movement, state: ReservationState.Released, reason: QuotaChangeReason.Released, actorId });
    });
  }

  /** One reservation the caller may see. */
  async get(request: ReservationParams): Promise<QuotaReservationDto> {
    const identity = currentIdentity();
    const reservation = canSeeOrg(identity, request.orgId) ? await this.reservations.findById(request.orgId, request.reservationId) : null;
    if (!reservation || !canSeeReservation(identity, reservation)) throw notFound('reservation', request.reservationId);
    return toReservationDto(reservation);
  }

  /** An organization's reservations, newest first, for its admins. */
  async list(request: ListQuotaReservationsRequest): Promise<QuotaReservationPageDto> {
    authorizeListing(currentIdentity(), request.orgId);
    const limit = request.limit ?? DEFAULT_PAGE;
    const after = request.cursor ? decodeCursor(request.cursor) : undefined;
    const { orgId, state, teamId, userId } = request;
    const rows = await this.reservations.list({ orgId, state, teamId, userId, limit: limit + 1, after });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map((r) => toReservationDto(r)), nextCursor: rows.length > limit ? encodeCursor(last.createdAtExact, last.id) : null };
  }

  /**
   * Expires the oldest reservation held past its ttl (as of `asOf`, default now), freeing its
   * amounts; false when there is none. Replicas share the work (SKIP LOCKED).
   */
  async expireNext(asOf?: Date): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const reservation = await this.reservations.lockNextExpired(manager, asOf);
      if (!reservation) return false;
      await this.transition(manager, reservation, { movement: UNRESERVE, state: ReservationState.Expired, reason: QuotaChangeReason.Expired, actorId: null });
      return true;
    });
  }

  private async reserveIn(manager: EntityManager, reservation: NewReservation): Promise<ReservationRecord | null> {
    const record = await this.reservations.insertIfNew(manager, reservation);
    if (!record) return null;
    // the event first: it rolls back with everything else on a refusal, and the hot ledger rows stay
    // locked only from the check to the commit
    await this.events.reservationChanged(manager, record, QuotaChangeReason.Reserved, reservation.createdBy);
    const charges = chargesOf(reservation, reservation.amounts);
    const { rows, applied } = await this.ledger.reserve(manager, reservation.orgId, charges);
    if (applied) return record;
    const violations = findViolations(rows, charges);
    // the statement refuses exactly what findViolations finds; anything else is a bug, not a refusal
    if (violations.length === 0) throw new Error(`ledger refused reservation ${record.id} without a violation`);
    throw QuotaException.exceeded(violations);
  }

  private async replay(orgId: string, idempotencyKey: string, hash: string): Promise<QuotaReservationDto> {
    const existing = await this.reservations.findByKey(orgId, idempotencyKey);
    if (!existing) throw QuotaException.conflict('the reservation with this idempotency key changed concurrently; retry', { idempotencyKey });
    if (existing.requestHash !== hash) throw QuotaException.idempotencyMismatch(idempotencyKey, existing.id);
    return toReservationDto(existing, true);
  }

  /** Locks a reservation the caller may change and applies `work` to it in one transaction. */
  private async change(
    request: ReservationParams,
    work: (manager: EntityManager, reservation: ReservationRecord, actorId: string) => Promise<ReservationRecord>,
  ): Promise<QuotaReservationDto> {
    const identity = currentIdentity();
    if (!canSeeOrg(identity, request.orgId)) throw notFound('reservation', request.reservationId);
    requireWrite(identity);
    const updated = await this.transactions.run(async (manager) => {
      const reservation = await this.reservations.lockById(manager, request.orgId, request.reservationId);
      if (!reservation || !canSeeReservation(identity, reservation)) throw notFound('reservation', request.reservationId);
      return work(manager, reservation, identity.userId);
    });
    return toReservationDto(updated);
  }

  /** Moves the reservation's amounts on the ledger rows that still exist, sets its new state, emits the event. */
  private async transition(
    manager: EntityManager,
    reservation: ReservationRecord,
    change: { movement: Movement; state: ReservationState; reason: QuotaChangeReason; actorId: string | null },
  ): Promise<ReservationRecord> {
    const charges = chargesOf(reservation, reservation.amounts);
    await this.ledger.move(manager, reservation.orgId, deltasOf(charges, change.movement));
    const updated = await this.reservations.setState(manager, reservation.id, change.state);
    await this.events.reservationChanged(manager, updated, change.reason, change.actorId);
    return updated;
  }

  private stateConflict(reservation: ReservationRecord, wanted: string): QuotaException {
    return QuotaException.conflict(`reservation ${reservation.id} is ${reservation.state} and cannot be ${wanted}`, { id: reservation.id, state: reservation.state });
  }
}
