// Resource arithmetic on exact quantities, every amount held in thousandths (bigint milli): the
// scheduler's view of requests, allocatable and free capacity. Shared with kube-sim's scheduler.
import { formatQuantity } from '../../quantity/quantity-format.util';
import { parseQuantity, toMilli } from '../../quantity/quantity';

/** Amounts by resource name, in thousandths of a unit (cpu "500m" → 500n, memory "1Ki" → 1_024_000n). */
export type ResourceAmounts = Map<string, bigint>;

/** Parses a resource list ({cpu: "500m"}); unparsable values count as zero (what a scheduler can do with them). */
export function amountsOf(list: Record<string, string> | undefined | null): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(list ?? {})) out.set(name, safeMilli(value));
  return out;
}

function safeMilli(value: string): bigint {
  try {
    return toMilli(parseQuantity(String(value)));
  } catch {
    return 0n;
  }
}

/** a + b, per resource. */
export function addAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = new Map(a);
  for (const [name, value] of b) out.set(name, (out.get(name) ?? 0n) + value);
  return out;
}

/** a − b, per resource (may go below zero: an overcommitted node). */
export function subtractAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = new Map(a);
  for (const [name, value] of b) out.set(name, (out.get(name) ?? 0n) - value);
  return out;
}

/** The larger of a and b, per resource. */
export function maxAmounts(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = new Map(a);
  for (const [name, value] of b) out.set(name, value > (out.get(name) ?? 0n) ? value : (out.get(name) ?? 0n));
  return out;
}

const BYTE_LIKE = /memory|storage/;

/** An amount as Kubernetes writes it: "500m", "2", "1Gi" (bytes in binary suffixes). */
export function formatAmount(resource: string, milli: bigint): string {
  if (milli % 1000n !== 0n) return formatQuantity(milli, 'milli');
  return formatQuantity(milli / 1000n, BYTE_LIKE.test(resource) ? 'binary' : 'decimal');
}

/** Amounts back to a resource list. */
export function formatAmounts(amounts: ResourceAmounts): Record<string, string> {
  return Object.fromEntries([...amounts].map(([name, value]) => [name, formatAmount(name, value)]));
}
