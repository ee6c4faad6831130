// A plain in-memory model of the quota ledger, for the property test: the outcome every operation
// should have and the used/reserved amounts every row should hold afterwards.

/** A ledger row key: `${scope}:${resource}`. */
export type RowKey = `${'org' | 'team' | 'user'}:${string}`;

export interface ModelRow {
  hard: bigint | null;
  used: bigint;
  reserved: bigint;
  /** A limit was lowered below use and the row has not come back under it since. */
  lowered: boolean;
}

export interface ModelReservation {
  key: string;
  signature: string;
  scopes: Array<'org' | 'team' | 'user'>;
  amounts: Record<string, bigint>;
  state: 'reserved' | 'committed' | 'released' | 'expired';
  /** Index of the real reservation id, filled by the test. */
  id?: string;
}

/** What an operation answered: a state, or an error code. */
export type Outcome = { ok: true; state: ModelReservation['state']; replayed?: boolean } | { ok: false; code: string };

export class LedgerModel {
  readonly rows = new Map<RowKey, ModelRow>();
  readonly reservations: ModelReservation[] = [];
  /** Ledger changes so far: each one must have emitted one `quota.changed`. */
  changes = 0;

  row(key: RowKey): ModelRow {
    let row = this.rows.get(key);
    if (!row) {
      row = { hard: null, used: 0n, reserved: 0n, lowered: false };
      this.rows.set(key, row);
    }
    return row;
  }

  /** Replaces a scope's limits (resources not named become unlimited): one ledger change. */
  setLimits(scope: 'org' | 'team' | 'user', hard: Record<string, bigint | null>): void {
    for (const [resource, value] of Object.entries(hard)) {
      const row = this.row(`${scope}:${resource}`);
      row.hard = value;
      row.lowered = isOver(row);
    }
    this.changes++;
  }

  reserve(request: Omit<ModelReservation, 'state'>): { outcome: Outcome; reservation?: ModelReservation } {
    const existing = this.reservations.find((r) => r.key === request.key);
    if (existing) {
      if (existing.signature !== request.signature) return { outcome: { ok: false, code: 'IDEMPOTENCY_MISMATCH' } };
      return { outcome: { ok: true, state: existing.state, replayed: true }, reservation: existing };
    }
    const charges = this.charges(request);
    if (charges.some(([row, amount]) => row.hard !== null && row.used + row.reserved + amount > row.hard)) {
      return { outcome: { ok: false, code: 'QUOTA_EXCEEDED' } };
    }
    for (const [row, amount] of charges) row.reserved += amount;
    this.changes++;
    const reservation: ModelReservation = { ...request, state: 'reserved' };
    this.reservations.push(reservation);
    return { outcome: { ok: true, state: 'reserved', replayed: false }, reservation };
  }

  commit(reservation: ModelReservation): Outcome {
    if (reservation.state === 'committed') return { ok: true, state: 'committed' };
    if (reservation.state !== 'reserved') return { ok: false, code: 'CONFLICT' };
    this.move(reservation, -1n, 1n);
    reservation.state = 'committed';
    return { ok: true, state: 'committed' };
  }

  release(reservation: ModelReservation): Outcome {
    if (reservation.state === 'reserved') this.move(reservation, -1n, 0n);
    else if (reservation.state === 'committed') this.move(reservation, 0n, -1n);
    else return { ok: true, state: reservation.state };
    reservation.state = 'released';
    return { ok: true, state: 'released' };
  }

  expire(reservation: ModelReservation): void {
    if (reservation.state !== 'reserved') return;
    this.move(reservation, -1n, 0n);
    reservation.state = 'expired';
  }

  private charges(request: Pick<ModelReservation, 'scopes' | 'amounts'>): Array<[ModelRow, bigint]> {
    return request.scopes.flatMap((scope) => Object.entries(request.amounts).map(([resource, amount]) => [this.row(`${scope}:${resource}`), amount] as [ModelRow, bigint]));
  }

  private move(reservation: ModelReservation, reserved: bigint, used: bigint): void {
    this.changes++;
    for (const [row, amount] of this.charges(reservation)) {
      row.reserved += reserved * amount;
      row.used += used * amount;
      // a commit or release never takes a row over its limit: only lowering the limit does
      if (!isOver(row)) row.lowered = false;
    }
  }
}

/** used + reserved above the hard limit. */
export function isOver(row: Pick<ModelRow, 'hard' | 'used' | 'reserved'>): boolean {
  return row.hard !== null && row.used + row.reserved > row.hard;
}
