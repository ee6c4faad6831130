// Input checks of the control API: every problem names its field, as the platform's 400s do.
import { FLAVOURS, isFlavourName, type FlavourName } from '../flavours/flavour';
import type { NodeSpec } from '../flavours/node.factory';
import type { ClusterSpec } from '../server/cluster.registry';

/** A 400 of the control API, naming the offending field. */
export class ControlValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireRecord(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ControlValidationError(field, 'must be an object');
  return value;
}

function dnsName(value: unknown, field: string, pattern: RegExp, max: number): string {
  if (typeof value !== 'string' || value.length > max || !pattern.test(value)) {
    throw new ControlValidationError(field, `must be a DNS-1123 name (lower-case letters, digits, '-', at most ${max} characters)`);
  }
  return value;
}

function stringMap(value: unknown, field: string, check: (entry: string, key: string) => boolean): Record<string, string> {
  if (value === undefined) return {};
  const record = requireRecord(value, field);
  for (const [key, entry] of Object.entries(record)) {
    const text = typeof entry === 'number' ? String(entry) : entry;
    if (typeof text !== 'string' || !check(text, key)) throw new ControlValidationError(`${field}.${key}`, 'is not valid');
    record[key] = text;
  }
  return record as Record<string, string>;
}

/** One node of a create-cluster or add-node request. */
export function parseNodeSpec(value: unknown, field: string): NodeSpec {
  const input = requireRecord(value, field);
  return {
    name: dnsName(input.name, `${field}.name`, DNS1123_SUBDOMAIN, 253),
    capacity: stringMap(input.capacity, `${field}.capacity`, (quantity) => QUANTITY.test(quantity)),
    labels: stringMap(input.labels, `${field}.labels`, (label) => label.length <= 63),
  };
}

function parseFlavour(value: unknown): FlavourName {
  if (value === undefined) return 'vanilla';
  if (!isFlavourName(value)) throw new ControlValidationError('flavour', `must be one of ${FLAVOURS.join(', ')}`);
  return value;
}

function parseNodes(value: unknown): NodeSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ControlValidationError('nodes', 'must be an array');
  const nodes = value.map((node, index) => parseNodeSpec(node, `nodes[${index}]`));
  const names = nodes.map((node) => node.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new ControlValidationError('nodes', `node name ${duplicate} appears twice`);
  return nodes;
}

/** A create-cluster request: `{ name, flavour?, nodes? }`. */
export function parseClusterSpec(value: unknown): ClusterSpec {
  const input = requireRecord(value, 'body');
  return { name: dnsName(input.name, 'name', DNS1123_LABEL, 63), flavour: parseFlavour(input.flavour), nodes: parseNodes(input.nodes) };
}

/** Parses a JSON body; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ControlValidationError('body', 'is not valid JSON');
  }
}
