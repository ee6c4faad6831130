import { MAX_QUANTITY_UNITS } from './quantity';

/**
 * What a bigint handed to {@link formatQuantity} counts: whole units shown with binary suffixes
 * (bytes: "2Gi"), whole units shown with decimal suffixes (counts: "1M"), or thousandths (CPU: "1500m").
 */
export type QuantityKind = 'binary' | 'decimal' | 'milli';

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const DECIMAL_SUFFIXES = new Map<number, string>([
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);

/**
 * Writes an integer amount as Kubernetes' canonical quantity string (Quantity.String()): an integer
 * mantissa, never a fraction, with the largest suffix that keeps it whole. 2147483648n binary → "2Gi",
 * 1536n binary → "1536", 1048576n binary → "1Mi", 1000000n decimal → "1M", 1500n decimal → "1500",
 * 1500n milli → "1500m", 2000n milli → "2", 0n → "0". As in Kubernetes, a binary amount below 1024 in
 * magnitude is written in decimal form (1000n binary → "1k"). parseQuantity reads every result back
 * to the same amount.
 *
 * @throws RangeError when |units| exceeds {@link MAX_QUANTITY_UNITS} (2^63-1).
 */
export function formatQuantity(units: bigint, kind: QuantityKind): string {
  if (units > MAX_QUANTITY_UNITS || units < -MAX_QUANTITY_UNITS) {
    throw new RangeError(`cannot format ${units} as a quantity: its magnitude exceeds 2^63-1`);
  }
  if (units === 0n) return '0';
  if (kind === 'binary' && (units >= 1024n || units <= -1024n)) return formatBinary(units);
  return formatDecimal(units, kind === 'milli' ? -3 : 0);
}

function formatBinary(units: bigint): string {
  let mantissa = units;
  let power = 0;
  while (power < BINARY_SUFFIXES.length - 1 && mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    power++;
  }
  return `${mantissa}${BINARY_SUFFIXES[power]}`;
}

/** `mantissa × 10^exponent` (mantissa ≠ 0) with the exponent raised to the largest possible multiple of 3. */
function formatDecimal(mantissa: bigint, exponent: number): string {
  let m = mantissa;
  let e = exponent;
  while (m % 10n === 0n && e < 18) {
    m /= 10n;
    e++;
  }
  const excess = ((e % 3) + 3) % 3;
  m *= 10n ** BigInt(excess);
  e -= excess;
  return `${m}${DECIMAL_SUFFIXES.get(e)}`;
}
