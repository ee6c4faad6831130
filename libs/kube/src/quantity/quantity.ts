import { QuantityParseError } from './quantity-parse.error';

/**
 * Largest magnitude a quantity may have, in whole units: int64's maximum, 2^63-1. Kubernetes caps
 * larger values silently; Flotilla rejects them so a typo never turns into a huge request.
 */
export const MAX_QUANTITY_UNITS = 2n ** 63n - 1n;

/**
 * Largest |exponent| accepted in the `1e3` form. Anything beyond cannot produce an int64 value (or
 * only a sub-nano one) and would make the arithmetic grow with the input's exponent.
 */
export const MAX_QUANTITY_EXPONENT = 30;

/** The suffix family a quantity was written in, as Kubernetes records it. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/**
 * The exact value of a parsed Kubernetes quantity, as the fraction `numerator / denominator`
 * (BigInts, never floats). The denominator is a positive power of ten; the fraction is not
 * necessarily in lowest terms, so compare quantities with {@link compareQuantity}.
 */
export interface Quantity {
  /** Signed numerator of the exact value. */
  readonly numerator: bigint;
  /** Positive power of ten (1 for whole values). */
  readonly denominator: bigint;
  /** Suffix family of the input: `Gi` is BinarySI, `500m` DecimalSI, `1e3` DecimalExponent. */
  readonly format: QuantityFormat;
}

interface Scale {
  /** The value is multiplied by 2^binaryShift ... */
  binaryShift: bigint;
  /** ... and by 10^decimalExponent. */
  decimalExponent: number;
  format: QuantityFormat;
}

const BINARY_SUFFIXES = new Map<string, bigint>([
  ['Ki', 10n],
  ['Mi', 20n],
  ['Gi', 30n],
  ['Ti', 40n],
  ['Pi', 50n],
  ['Ei', 60n],
]);

// quantity.go's decimal table also holds n and u (metrics-server reports CPU as "123456n"), though
// the grammar in its doc comment lists only m to E.
const DECIMAL_SUFFIXES = new Map<string, number>([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);

// Anchored and free of nested quantifiers: linear in the input's length, whatever it holds.
const SIGNED_NUMBER = /^([+-]?)([0-9]*)(?:\.([0-9]*))?/;
const EXPONENT_SUFFIX = /^[eE]([+-]?)([0-9]+)$/;
const WHITESPACE = /\s/;

const KNOWN_SUFFIXES = 'Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent such as e3';

/**
 * Parses a Kubernetes resource quantity ("500m", "2Gi", "1.5", "1e3", "-1") into its exact value,
 * following k8s.io/apimachinery's quantity.go: no whitespace, a number with at least one digit,
 * then at most one suffix. Negative values are accepted, as the grammar allows; quota-like inputs
 * should use {@link parseNonNegativeQuantity}.
 *
 * @throws QuantityParseError when the string breaks the grammar, its exponent is beyond
 *   ±{@link MAX_QUANTITY_EXPONENT}, or its magnitude rounds up past {@link MAX_QUANTITY_UNITS}.
 */
export function parseQuantity(input: string): Quantity {
  if (typeof input !== 'string') throw new QuantityParseError(String(input), 'format', 'is not a string');
  if (input.length === 0) throw new QuantityParseError(input, 'format', 'is empty');
  if (WHITESPACE.test(input)) throw new QuantityParseError(input, 'format', 'must not contain whitespace');
  // every part of SIGNED_NUMBER is optional, so it always matches (possibly the empty prefix)
  const [matched, sign, whole, fraction = ''] = SIGNED_NUMBER.exec(input) ?? ['', '', ''];
  if (whole.length + fraction.length === 0) {
    throw new QuantityParseError(input, 'format', 'must start with a number such as "1", "1.5" or ".5"');
  }
  const scale = interpretSuffix(input, input.slice(matched.length));
  const digits = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  const quantity = scaled(digits * 2n ** scale.binaryShift, scale.decimalExponent - fraction.length, scale.format);
  if (ceilDiv(abs(quantity.numerator), quantity.denominator) > MAX_QUANTITY_UNITS) {
    throw new QuantityParseError(input, 'range', `is out of range (its magnitude must be at most 2^63-1 = ${MAX_QUANTITY_UNITS})`);
  }
  return quantity;
}

/**
 * {@link parseQuantity} for values that cannot be negative: requests, limits, quotas, capacities.
 * Zero (also written "-0") is accepted.
 *
 * @throws QuantityParseError as parseQuantity does, and when the value is below zero.
 */
export function parseNonNegativeQuantity(input: string): Quantity {
  const quantity = parseQuantity(input);
  if (isNegative(quantity)) throw new QuantityParseError(input, 'negative', 'must not be negative');
  return quantity;
}

/**
 * The value in thousandths (CPU millicores): exact when the value is a multiple of 1/1000, otherwise
 * rounded up to the next integer (ceiling), as Kubernetes' MilliValue does for positive values.
 * "100m" → 100n, "1.5" → 1500n, "1e3" → 1_000_000n, "1.5e-3" → 2n.
 */
export function toMilli(quantity: Quantity): bigint {
  return ceilDiv(quantity.numerator * 1000n, quantity.denominator);
}

/**
 * The value in whole units (bytes, counts), rounded up to an integer (ceiling) when fractional:
 * "0.5Gi" → 536870912n, "1.5" → 2n, "100m" → 1n. Always within ±{@link MAX_QUANTITY_UNITS}.
 */
export function toUnits(quantity: Quantity): bigint {
  return ceilDiv(quantity.numerator, quantity.denominator);
}

/** True when the value is below zero ("-0" is zero, not negative). */
export function isNegative(quantity: Quantity): boolean {
  return quantity.numerator < 0n;
}

/**
 * Orders two quantities by exact value, whatever their suffixes: -1, 0 or 1 as `a` is less than,
 * equal to or greater than `b` ("1Ki" equals "1024", "1000m" equals "1"). Usable as a sort comparator.
 */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const difference = a.numerator * b.denominator - b.numerator * a.denominator;
  if (difference === 0n) return 0;
  return difference < 0n ? -1 : 1;
}

function interpretSuffix(input: string, suffix: string): Scale {
  const decimal = DECIMAL_SUFFIXES.get(suffix);
  if (decimal !== undefined) return { binaryShift: 0n, decimalExponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES.get(suffix);
  if (binary !== undefined) return { binaryShift: binary, decimalExponent: 0, format: 'BinarySI' };
  const exponent = EXPONENT_SUFFIX.exec(suffix);
  if (exponent === null) {
    throw new QuantityParseError(input, 'format', `has an unknown suffix ${JSON.stringify(suffix)} (expected ${KNOWN_SUFFIXES})`);
  }
  return { binaryShift: 0n, decimalExponent: boundedExponent(input, exponent[1], exponent[2]), format: 'DecimalExponent' };
}

/** Reads the exponent's digits without ever building a large number from them. */
function boundedExponent(input: string, sign: string, digits: string): number {
  const significant = digits.replace(/^0+/, '');
  const magnitude = significant.length > 3 ? Infinity : Number(significant);
  if (magnitude > MAX_QUANTITY_EXPONENT) {
    throw new QuantityParseError(input, 'range', `has an exponent out of range (it must be between -${MAX_QUANTITY_EXPONENT} and ${MAX_QUANTITY_EXPONENT})`);
  }
  return sign === '-' ? -magnitude : magnitude;
}

function scaled(numerator: bigint, decimalExponent: number, format: QuantityFormat): Quantity {
  const power = 10n ** BigInt(Math.abs(decimalExponent));
  return decimalExponent >= 0
    ? Object.freeze({ numerator: numerator * power, denominator: 1n, format })
    : Object.freeze({ numerator, denominator: power, format });
}

/** ⌈n / d⌉ for d > 0. BigInt division truncates toward zero, which is already the ceiling below zero. */
function ceilDiv(n: bigint, d: bigint): bigint {
  const quotient = n / d;
  return n > 0n && n % d !== 0n ? quotient + 1n : quotient;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
