import {
  MAX_QUANTITY_UNITS,
  compareQuantity,
  isNegative,
  parseNonNegativeQuantity,
  parseQuantity,
  toMilli,
  toUnits,
} from './quantity';
import { QuantityParseError } from './quantity-parse.error';

const EXA_BINARY = 2n ** 60n;

function rejection(input: string): QuantityParseError {
  try {
    parseQuantity(input);
  } catch (error) {
    if (error instanceof QuantityParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe(parseQuantity.name, () => {
  it.each([
    // input, units (ceiling), millis (ceiling), format
    ['1e3', 1000n, 1_000_000n, 'DecimalExponent'],
    ['1E3', 1000n, 1_000_000n, 'DecimalExponent'],
    ['1e+3', 1000n, 1_000_000n, 'DecimalExponent'],
    ['1e003', 1000n, 1_000_000n, 'DecimalExponent'],
    ['1.5e-3', 1n, 2n, 'DecimalExponent'],
    ['1e-30', 1n, 1n, 'DecimalExponent'],
    ['0e30', 0n, 0n, 'DecimalExponent'],
    ['0.5Gi', 536_870_912n, 536_870_912_000n, 'BinarySI'],
    ['1Ki', 1024n, 1_024_000n, 'BinarySI'],
    ['1.5Ki', 1536n, 1_536_000n, 'BinarySI'],
    ['1Ei', EXA_BINARY, EXA_BINARY * 1000n, 'BinarySI'],
    ['7Ei', 7n * EXA_BINARY, 7n * EXA_BINARY * 1000n, 'BinarySI'],
    ['100m', 1n, 100n, 'DecimalSI'],
    ['1.5', 2n, 1500n, 'DecimalSI'],
    ['0.5', 1n, 500n, 'DecimalSI'],
    ['1', 1n, 1000n, 'DecimalSI'],
    ['0', 0n, 0n, 'DecimalSI'],
    ['+1', 1n, 1000n, 'DecimalSI'],
    ['.5', 1n, 500n, 'DecimalSI'],
    ['5.', 5n, 5000n, 'DecimalSI'],
    ['007', 7n, 7000n, 'DecimalSI'],
    ['1k', 1000n, 1_000_000n, 'DecimalSI'],
    ['1E', 10n ** 18n, 10n ** 21n, 'DecimalSI'],
    ['250000000n', 1n, 250n, 'DecimalSI'],
    ['5u', 1n, 1n, 'DecimalSI'],
    ['1.G', 1_000_000_000n, 1_000_000_000_000n, 'DecimalSI'],
    ['9223372036854775807', MAX_QUANTITY_UNITS, MAX_QUANTITY_UNITS * 1000n, 'DecimalSI'],
    ['9223372036854775806.5', MAX_QUANTITY_UNITS, 9_223_372_036_854_775_806_500n, 'DecimalSI'],
    ['-1', -1n, -1000n, 'DecimalSI'],
    ['-1.5', -1n, -1500n, 'DecimalSI'],
    ['-1.5e-3', 0n, -1n, 'DecimalExponent'],
    ['-0', 0n, 0n, 'DecimalSI'],
  ] as const)('reads %j as %d units and %d millis', (input, units, millis, format) => {
    const sut = parseQuantity(input);

    expect(toUnits(sut)).toBe(units);
    expect(toMilli(sut)).toBe(millis);
    expect(sut.format).toBe(format);
  });

  it('reads a huge zero-padded exponent without building a huge number', () => {
    expect(toUnits(parseQuantity(`1e${'0'.repeat(100_000)}3`))).toBe(1000n);
  });

  it.each([
    ' 1Gi',
    '1Gi ',
    '1 Gi',
    '1Gi\n',
    '\t1',
    '1GB',
    '1gi',
    '1ki',
    '1K',
    '1Kib',
    'Gi',
    '',
    '.',
    '+',
    '-',
    '1.2.3',
    '1.5.',
    '1e',
    '1E+',
    '1e+',
    '1e-',
    '-3.01e-',
    '1e1.5',
    '--1',
    '+-1',
    '1ee3',
    '1Mi1',
    '1+1.0M',
    '0.1mi',
    '.5i',
    '1i',
    '0x10',
    '1_000',
    '1,5',
    'Infinity',
    'NaN',
    '\u0661', // ARABIC-INDIC DIGIT ONE
    '\uff11', // FULLWIDTH DIGIT ONE
  ])('rejects %j as malformed', (input) => {
    expect(rejection(input).problem).toBe('format');
  });

  it.each(['8Ei', '9223372036854775808', '9223372036854775807.5', '-9223372036854775808', '1e30', '1e31', '1e-31', '1e1000000'])(
    'rejects %j as out of range',
    (input) => {
      expect(rejection(input).problem).toBe('range');
    },
  );

  it('names the input and the reason in its messages', () => {
    expect(rejection('').message).toBe('quantity "" is empty');
    expect(rejection(' 1Gi').message).toBe('quantity " 1Gi" must not contain whitespace');
    expect(rejection('1Gi\n').message).toBe('quantity "1Gi\\n" must not contain whitespace');
    expect(rejection('Gi').message).toBe('quantity "Gi" must start with a number such as "1", "1.5" or ".5"');
    expect(rejection('1GB').message).toMatch(/^quantity "1GB" has an unknown suffix "GB" \(expected Ki, Mi, .* or an exponent such as e3\)$/);
    expect(rejection('8Ei').message).toBe('quantity "8Ei" is out of range (its magnitude must be at most 2^63-1 = 9223372036854775807)');
    expect(rejection('1e1000000').message).toBe('quantity "1e1000000" has an exponent out of range (it must be between -30 and 30)');
  });

  it('shortens a long input in its message', () => {
    const error = rejection(`${'1'.repeat(1000)}x`);

    expect(error.message.length).toBeLessThan(200);
    expect(error.input).toHaveLength(1001);
  });

  it('carries the input and the broken rule', () => {
    expect(rejection('1GB')).toMatchObject({ name: 'QuantityParseError', input: '1GB', problem: 'format' });
  });
});

describe(parseNonNegativeQuantity.name, () => {
  it('rejects a negative value', () => {
    expect(() => parseNonNegativeQuantity('-1')).toThrow(new QuantityParseError('-1', 'negative', 'must not be negative'));
    expect(() => parseNonNegativeQuantity('-1')).toThrow('quantity "-1" must not be negative');
    expect(() => parseNonNegativeQuantity('-1m')).toThrow(QuantityParseError);
  });

  it.each(['0', '-0', '-0.0Gi', '1', '500m'])('accepts %j', (input) => {
    expect(isNegative(parseNonNegativeQuantity(input))).toBe(false);
  });

  it('still rejects malformed input', () => {
    expect(() => parseNonNegativeQuantity('1GB')).toThrow('unknown suffix');
  });
});

describe(isNegative.name, () => {
  it.each([
    ['-1', true],
    ['-1n', true],
    ['-0', false],
    ['0', false],
    ['+1', false],
  ])('%j is negative: %s', (input, negative) => {
    expect(isNegative(parseQuantity(input))).toBe(negative);
  });
});

describe(compareQuantity.name, () => {
  it.each([
    ['1Ki', '1024', 0],
    ['1000m', '1', 0],
    ['1e3', '1k', 0],
    ['0.5Gi', '512Mi', 0],
    ['1G', '1Gi', -1],
    ['1.5e-3', '1m', 1],
    ['-1', '0', -1],
    ['-0', '0', 0],
  ] as const)('compares %j with %j as %d', (a, b, expected) => {
    expect(compareQuantity(parseQuantity(a), parseQuantity(b))).toBe(expected);
    expect(compareQuantity(parseQuantity(b), parseQuantity(a))).toBe(-expected || 0);
  });

  it('sorts quantities by value', () => {
    const sorted = ['1Gi', '100m', '1G', '-2', '1e3', '1Ki'].map(parseQuantity).sort(compareQuantity).map(toMilli);

    expect(sorted).toEqual([-2000n, 100n, 1_000_000n, 1_024_000n, 1_000_000_000_000n, 1_073_741_824_000n]);
  });
});
