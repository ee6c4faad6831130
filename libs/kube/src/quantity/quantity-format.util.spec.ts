import { MAX_QUANTITY_UNITS } from './quantity';
import { formatQuantity } from './quantity-format.util';

describe(formatQuantity.name, () => {
  it.each([
    [2_147_483_648n, 'binary', '2Gi'],
    [1_048_576n, 'binary', '1Mi'],
    [1536n, 'binary', '1536'],
    [1024n, 'binary', '1Ki'],
    [1023n, 'binary', '1023'],
    [1000n, 'binary', '1k'], // below 1024 Kubernetes switches to decimal form
    [-2048n, 'binary', '-2Ki'],
    [2n ** 60n, 'binary', '1Ei'],
    [2n ** 62n, 'binary', '4Ei'],
    [1_000_000n, 'decimal', '1M'],
    [1500n, 'decimal', '1500'],
    [1000n, 'decimal', '1k'],
    [10n ** 18n, 'decimal', '1E'],
    [12n * 10n ** 17n, 'decimal', '1200P'],
    [MAX_QUANTITY_UNITS, 'decimal', '9223372036854775807'],
    [-5000n, 'decimal', '-5k'],
    [1500n, 'milli', '1500m'],
    [2000n, 'milli', '2'],
    [100n, 'milli', '100m'],
    [1_000_000n, 'milli', '1k'],
    [1_500_000n, 'milli', '1500'],
    [10n, 'milli', '10m'],
    [-500n, 'milli', '-500m'],
    [0n, 'binary', '0'],
    [0n, 'decimal', '0'],
    [0n, 'milli', '0'],
  ] as const)('writes %d %s as %j', (units, kind, expected) => {
    expect(formatQuantity(units, kind)).toBe(expected);
  });

  it('refuses amounts beyond int64', () => {
    expect(() => formatQuantity(MAX_QUANTITY_UNITS + 1n, 'binary')).toThrow(RangeError);
    expect(() => formatQuantity(-MAX_QUANTITY_UNITS - 1n, 'milli')).toThrow(RangeError);
  });
});
