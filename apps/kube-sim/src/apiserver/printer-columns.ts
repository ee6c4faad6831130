// A CRD version's additionalPrinterColumns: the JSONPath subset they use (.a.b, [n], [*] and
// [?(@.field=="value")] filters), evaluated as the apiextensions table convertor does: the first match.

/** One additionalPrinterColumn of a CRD version. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

const STEP = /\.([^.[\]]+)|\[(\d+|\*)\]|\[\?\(@\.([\w.-]+)\s*==\s*["']([^"']*)["']\)\]/g;

type Step = (node: unknown) => unknown[];

const asArray = (node: unknown): unknown[] => (Array.isArray(node) ? node : []);
const field = (node: unknown, key: string): unknown => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined);

function stepOf(match: RegExpExecArray): Step {
  const [, key, index, filterPath, filterValue] = match;
  if (key !== undefined) return (node) => [field(node, key)];
  if (index === '*') return asArray;
  if (index !== undefined) return (node) => [asArray(node)[Number(index)]];
  const keys = filterPath.split('.');
  return (node) => asArray(node).filter((item) => String(keys.reduce(field, item)) === filterValue);
}

/** The first value a JSONPath of the subset finds in an object, or undefined. */
export function jsonPathValue(obj: unknown, path: string): unknown {
  const steps = [...path.replace(/^\{|\}$/g, '').matchAll(STEP)].map(stepOf);
  const found = steps.reduce<unknown[]>((nodes, step) => nodes.flatMap(step), [obj]).filter((value) => value !== undefined && value !== null);
  return found[0];
}
