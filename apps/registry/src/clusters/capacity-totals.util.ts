import type { NodeCapacityDto, ResourceQuantities } from '@flotilla/contracts';
import { formatQuantity, parseQuantity, toMilli, toUnits, type QuantityKind } from '@flotilla/kube';

const BYTE_RESOURCES = new Set(['memory', 'ephemeral-storage', 'storage']);

function kindOf(resource: string): QuantityKind {
  if (resource === 'cpu') return 'milli';
  return BYTE_RESOURCES.has(resource) || resource.startsWith('hugepages-') ? 'binary' : 'decimal';
}

function exact(resource: string, quantity: string): bigint {
  const parsed = parseQuantity(quantity);
  return kindOf(resource) === 'milli' ? toMilli(parsed) : toUnits(parsed);
}

/** Exact sums per resource of quantity maps. */
function sum(maps: ResourceQuantities[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const map of maps) {
    for (const [resource, quantity] of Object.entries(map)) totals.set(resource, (totals.get(resource) ?? 0n) + exact(resource, quantity));
  }
  return totals;
}

function format(totals: Map<string, bigint>): ResourceQuantities {
  const sorted = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(sorted.map(([resource, units]) => [resource, formatQuantity(units, kindOf(resource))]));
}

/** Cluster totals from its nodes: allocatable and allocated summed over Ready nodes, available = total − allocated. */
export function capacityTotals(nodes: NodeCapacityDto[]): { total: ResourceQuantities; allocated: ResourceQuantities; available: ResourceQuantities } {
  const ready = nodes.filter((node) => node.ready);
  const total = sum(ready.map((node) => node.allocatable));
  const allocated = sum(ready.map((node) => node.allocated));
  const available = new Map([...total.entries()].map(([resource, units]) => [resource, units - (allocated.get(resource) ?? 0n)]));
  return { total: format(total), allocated: format(allocated), available: format(available) };
}
