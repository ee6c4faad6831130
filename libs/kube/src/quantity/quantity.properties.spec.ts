import fc from 'fast-check';
import { MAX_QUANTITY_EXPONENT, MAX_QUANTITY_UNITS, compareQuantity, parseQuantity, toMilli, toUnits, type Quantity } from './quantity';
import { formatQuantity } from './quantity-format.util';
import { QuantityParseError } from './quantity-parse.error';

// Property tests against the grammar of k8s.io/apimachinery's quantity.go. Expected values are
// computed here by shifting the decimal point in the digit string, not by the parser's fraction
// arithmetic.

interface Parts {
  sign: '' | '+' | '-';
  whole: string;
  dot: boolean;
  fraction: string;
  suffix: string;
  binaryShift: number;
  decimalExponent: number;
}

const digits = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength });

/** <number> ::= <digits> | <digits>.<digits> | <digits>. | .<digits> */
const number = fc.oneof(
  digits(20).map((whole) => ({ whole, dot: false, fraction: '' })),
  fc.tuple(digits(12), digits(12)).map(([whole, fraction]) => ({ whole, dot: true, fraction })),
  digits(12).map((whole) => ({ whole, dot: true, fraction: '' })),
  digits(12).map((fraction) => ({ whole: '', dot: true, fraction })),
);

const binarySuffix = fc.constantFrom(...['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].map((suffix, i) => ({ suffix, binaryShift: 10 * (i + 1), decimalExponent: 0 })));

const decimalSuffix = fc.constantFrom(
  ...Object.entries({ n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }).map(([suffix, decimalExponent]) => ({
    suffix,
    binaryShift: 0,
    decimalExponent,
  })),
);

/** "e" <signedNumber> | "E" <signedNumber>, integer and within the parser's bound, leading zeros allowed. */
const exponentSuffix = fc
  .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(3), fc.integer({ min: 0, max: MAX_QUANTITY_EXPONENT }))
  .map(([letter, sign, zeros, magnitude]) => ({
    suffix: `${letter}${sign}${'0'.repeat(zeros)}${magnitude}`,
    binaryShift: 0,
    decimalExponent: sign === '-' ? -magnitude : magnitude,
  }));

const parts: fc.Arbitrary<Parts> = fc
  .tuple(fc.constantFrom('' as const, '+' as const, '-' as const), number, fc.oneof(binarySuffix, decimalSuffix, exponentSuffix))
  .map(([sign, n, suffix]) => ({ sign, ...n, ...suffix }));

function text(p: Parts): string {
  return `${p.sign}${p.whole}${p.dot ? '.' : ''}${p.fraction}${p.suffix}`;
}

/** ⌈value × 10^extraExponent⌉, by moving the decimal point within the digit string. */
function reference(p: Parts, extraExponent: number, ignoreSign = false): bigint {
  const all = p.whole + p.fraction;
  const point = p.whole.length + p.decimalExponent + extraExponent;
  const integer = point <= 0 ? '0' : all.slice(0, point).padEnd(point, '0');
  const rest = point <= 0 ? '0'.repeat(-point) + all : all.slice(point);
  const factor = 2n ** BigInt(p.binaryShift);
  const restScaled = BigInt(rest || '0') * factor;
  const restDenominator = 10n ** BigInt(rest.length);
  const floor = BigInt(integer) * factor + restScaled / restDenominator;
  if (p.sign === '-' && !ignoreSign) return -floor;
  return restScaled % restDenominator === 0n ? floor : floor + 1n;
}

function problemOf(input: string): string | undefined {
  try {
    parseQuantity(input);
    return undefined;
  } catch (error) {
    if (error instanceof QuantityParseError) return error.problem;
    throw error;
  }
}

/** Valid quantities that parse: the ones whose magnitude fits in int64. */
const quantity: fc.Arbitrary<Quantity> = parts.filter((p) => reference(p, 0, true) <= MAX_QUANTITY_UNITS).map((p) => parseQuantity(text(p)));

describe(parseQuantity.name, () => {
  it('reads every quantity of the grammar to its exact units and millis, or rejects it as out of range', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const input = text(p);
        if (reference(p, 0, true) > MAX_QUANTITY_UNITS) {
          expect(problemOf(input)).toBe('range');
          return;
        }
        const sut = parseQuantity(input);
        expect(toUnits(sut)).toBe(reference(p, 0));
        expect(toMilli(sut)).toBe(reference(p, 3));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds millis up to the nearest integer: toMilli - 1 < value × 1000 <= toMilli', () => {
    fc.assert(
      fc.property(quantity, (sut) => {
        const millis = toMilli(sut);
        expect((millis - 1n) * sut.denominator < sut.numerator * 1000n).toBe(true);
        expect(sut.numerator * 1000n <= millis * sut.denominator).toBe(true);
      }),
    );
  });

  it('rejects a valid quantity with a foreign character inserted anywhere', () => {
    const foreign = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', 'x', 'B', 'g', 'Z', '_', ',', '/', '#', '*', '\u0661', '\uff11', 'é');
    fc.assert(
      fc.property(parts, foreign, fc.nat(), (p, character, at) => {
        const valid = text(p);
        const position = at % (valid.length + 1);
        expect(problemOf(`${valid.slice(0, position)}${character}${valid.slice(position)}`)).toBe('format');
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the strings the grammar describes', () => {
    const grammar = /^[+-]?([0-9]+|[0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE]?)$/;
    const candidate = fc.string({ unit: fc.constantFrom(...'0123456789+-.eEKMGTPikmnu '), maxLength: 8 });
    fc.assert(
      fc.property(candidate, (input) => {
        const problem = problemOf(input);
        expect(problem === 'format').toBe(!grammar.test(input));
      }),
      { numRuns: 5000 },
    );
  });
});

describe(formatQuantity.name, () => {
  const amount = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 62n - 1n }),
    fc.bigInt({ min: -MAX_QUANTITY_UNITS, max: MAX_QUANTITY_UNITS }),
    // round numbers, where the suffixes come into play
    fc.integer({ min: 0, max: 6 }).chain((k) => {
      const bound = 2n ** BigInt(Math.min(20, 62 - 10 * k));
      return fc.bigInt({ min: -bound, max: bound }).map((m) => m * 1024n ** BigInt(k));
    }),
    fc.tuple(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), fc.integer({ min: 0, max: 12 })).map(([m, k]) => m * 10n ** BigInt(k)),
  );

  it('writes amounts that read back to the same units (binary, decimal) or millis (milli)', () => {
    fc.assert(
      fc.property(amount, (n) => {
        expect(toUnits(parseQuantity(formatQuantity(n, 'binary')))).toBe(n);
        expect(toUnits(parseQuantity(formatQuantity(n, 'decimal')))).toBe(n);
        expect(toMilli(parseQuantity(formatQuantity(n, 'milli')))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('never writes a fraction, an exponent or a sign other than a leading minus', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom('binary' as const, 'decimal' as const, 'milli' as const), (n, kind) => {
        expect(formatQuantity(n, kind)).toMatch(/^-?[0-9]+(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/);
      }),
    );
  });
});

describe(compareQuantity.name, () => {
  it('orders quantities consistently with their millis and units', () => {
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        const order = compareQuantity(a, b);
        expect(compareQuantity(b, a)).toBe(-order || 0);
        if (order <= 0) {
          expect(toMilli(a) <= toMilli(b)).toBe(true);
          expect(toUnits(a) <= toUnits(b)).toBe(true);
        }
        if (toMilli(a) < toMilli(b)) expect(order).toBe(-1);
      }),
      { numRuns: 2000 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(quantity, quantity, quantity, (a, b, c) => {
        const sorted = [a, b, c].sort(compareQuantity);
        expect(compareQuantity(sorted[0]!, sorted[2]!)).toBeLessThanOrEqual(0);
        expect(compareQuantity(sorted[0]!, sorted[1]!)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
