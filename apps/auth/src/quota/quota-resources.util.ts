import { EXTENDED_RESOURCE_PATTERN, ErrorCode, QuotaUnit, STANDARD_QUOTA_RESOURCES, type FieldErrorDto, type QuotaQuantityDto } from '@flotilla/contracts';
import { DomainException } from '@flotilla/common';
import { formatQuantity, MAX_QUANTITY_UNITS, parseNonNegativeQuantity, QuantityParseError, toMilli, toUnits, type QuantityKind } from '@flotilla/kube';

/** Exact amounts per resource (millicores for cpu, bytes, counts), sorted by resource name. */
export type ResourceAmounts = ReadonlyMap<string, bigint>;

/** Most resources one request may name (a Kubernetes ResourceQuota rarely holds more than a dozen). */
export const MAX_RESOURCES_PER_REQUEST = 32;

const BYTE_RESOURCES = new Set(['memory', 'ephemeral-storage', 'storage']);
const STANDARD = new Set<string>(STANDARD_QUOTA_RESOURCES);
const KIND_BY_UNIT: Record<QuotaUnit, QuantityKind> = { [QuotaUnit.Millicores]: 'milli', [QuotaUnit.Bytes]: 'binary', [QuotaUnit.Count]: 'decimal' };

/** Unit of a resource's exact value: cpu in millicores, memory and storage in bytes, the rest counted. */
export function resourceUnit(resource: string): QuotaUnit {
  if (resource === 'cpu') return QuotaUnit.Millicores;
  return BYTE_RESOURCES.has(resource) ? QuotaUnit.Bytes : QuotaUnit.Count;
}

/**
 * Why `name` cannot be a quota resource, or null when it can: one of the standard resources, or a
 * Kubernetes extended resource `<domain>/<name>` outside the reserved kubernetes.io domain.
 */
export function resourceNameProblem(name: string): string | null {
  if (STANDARD.has(name)) return null;
  if (!EXTENDED_RESOURCE_PATTERN.test(name)) {
    return `unknown resource ${JSON.stringify(name.slice(0, 80))}: use ${STANDARD_QUOTA_RESOURCES.join(', ')} or an extended resource name such as nvidia.com/gpu`;
  }
  const domain = name.slice(0, name.indexOf('/'));
  if (domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io')) return `${name} is in the reserved kubernetes.io domain`;
  return null;
}

/** The ledger keeps every exact value within int64, cpu millicores included. */
function withinRange(quantity: string, value: bigint): bigint {
  if (value > MAX_QUANTITY_UNITS) throw new QuantityParseError(quantity, 'range', `is out of range (at most ${MAX_QUANTITY_UNITS} in the resource's unit)`);
  return value;
}

/** Exact value of a quantity string in the resource's unit; throws QuantityParseError or a plain reason. */
function exactValue(resource: string, quantity: unknown): bigint {
  if (typeof quantity !== 'string') throw new QuantityParseError(String(quantity), 'format', 'is not a string');
  const parsed = parseNonNegativeQuantity(quantity);
  const unit = resourceUnit(resource);
  if (unit === QuotaUnit.Millicores) return withinRange(quantity, toMilli(parsed));
  if (unit === QuotaUnit.Count && toMilli(parsed) % 1000n !== 0n) {
    throw new QuantityParseError(quantity, 'format', `must be a whole number: ${resource} is counted`);
  }
  return toUnits(parsed);
}

function entryProblem(resource: string, quantity: unknown): { value?: bigint; problem?: string } {
  const nameProblem = resourceNameProblem(resource);
  if (nameProblem) return { problem: nameProblem };
  try {
    return { value: exactValue(resource, quantity) };
  } catch (error) {
    if (error instanceof QuantityParseError) return { problem: `${error.message} (a Kubernetes quantity such as "500m", "2Gi" or "4")` };
    throw error;
  }
}

/**
 * Reads a map of resource name → Kubernetes quantity into exact amounts, strictly: an unknown
 * resource name, a string outside the quantity grammar ("1GB", " 1Gi", "-1"), a fraction of a counted
 * resource or a value beyond int64 is a VALIDATION_FAILED naming each bad field (`amounts.memory`).
 * Zero amounts are kept; callers decide what zero means.
 */
export function parseResourceQuantities(map: Record<string, unknown>, field: string): ResourceAmounts {
  const entries = Object.entries(map ?? {});
  if (entries.length > MAX_RESOURCES_PER_REQUEST) {
    throw invalid([{ field, messages: [`${field} may name at most ${MAX_RESOURCES_PER_REQUEST} resources`] }]);
  }
  const errors: FieldErrorDto[] = [];
  const amounts = new Map<string, bigint>();
  for (const [resource, quantity] of entries.sort(([a], [b]) => compareText(a, b))) {
    const { value, problem } = entryProblem(resource, quantity);
    if (problem !== undefined) errors.push({ field: `${field}.${resource}`, messages: [problem] });
    else amounts.set(resource, value!);
  }
  if (errors.length) throw invalid(errors);
  return amounts;
}

/** Only the positive amounts: what a reservation actually takes. */
export function positiveAmounts(amounts: ResourceAmounts): ResourceAmounts {
  return new Map([...amounts].filter(([, value]) => value > 0n));
}

/** An exact amount as both a Kubernetes quantity and an integer string. */
export function toQuotaQuantity(resource: string, value: bigint): QuotaQuantityDto {
  const unit = resourceUnit(resource);
  // sums of unlimited usage may pass int64, which Kubernetes quantities cannot hold: write them plainly
  if (value > MAX_QUANTITY_UNITS) return { quantity: unit === QuotaUnit.Millicores ? `${value}m` : value.toString(), value: value.toString() };
  return { quantity: formatQuantity(value, KIND_BY_UNIT[unit]), value: value.toString() };
}

/** Amounts as `{ resource: QuotaQuantityDto }`, for responses. */
export function toQuotaQuantities(amounts: ResourceAmounts): Record<string, QuotaQuantityDto> {
  return Object.fromEntries([...amounts].map(([resource, value]) => [resource, toQuotaQuantity(resource, value)]));
}

/** Amounts as `{ resource: "<exact integer>" }`, for events and storage. */
export function toExactStrings(amounts: ResourceAmounts): Record<string, string> {
  return Object.fromEntries([...amounts].map(([resource, value]) => [resource, value.toString()]));
}

/** Reads `{ resource: "<exact integer>" }` back (what {@link toExactStrings} wrote). */
export function fromExactStrings(stored: Record<string, string>): ResourceAmounts {
  return new Map(Object.entries(stored).sort(([a], [b]) => compareText(a, b)).map(([resource, value]) => [resource, BigInt(value)]));
}

/** Byte-wise ordering, the same as Postgres' `COLLATE "C"`: the canonical lock order of ledger rows. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function invalid(fields: FieldErrorDto[]): DomainException {
  return new DomainException(ErrorCode.ValidationFailed, `invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields });
}
