import { EXTENDED_RESOURCE_PATTERN, type ResourceQuantities } from '@flotilla/contracts';
import { parseNonNegativeQuantity, QuantityParseError, toMilli } from '@flotilla/kube';
import { ClustersException } from './clusters.exception';

/** Most labels one cluster may carry (Kubernetes has no limit; a hundred is plenty for selection). */
export const MAX_LABELS = 64;
/** Most resources one capacity or request map may name. */
export const MAX_RESOURCES = 32;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
const HUGEPAGES = /^hugepages-[0-9]+(Ki|Mi|Gi)$/;

/** Why `key` is not a Kubernetes label key (`[prefix/]name`), or null when it is one. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'the prefix of a label key must be a DNS subdomain (lower case, at most 253 characters)';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'a label key name must be at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
  }
  return null;
}

/** Why `value` is not a Kubernetes label value, or null when it is one (empty is allowed). */
export function labelValueProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'a label value must be a string';
  if (value === '') return null;
  return value.length <= 63 && LABEL_NAME.test(value) ? null : 'a label value must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric';
}

/** The labels, checked against Kubernetes label syntax; 400 naming `labels.<key>`. */
export function validLabels(labels: Record<string, unknown>, field = 'labels'): Record<string, string> {
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw ClustersException.invalidField(field, `at most ${MAX_LABELS} labels`);
  for (const [key, value] of entries) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) throw ClustersException.invalidField(`${field}.${key}`, problem);
  }
  return labels as Record<string, string>;
}

function resourceNameProblem(name: string): string | null {
  if (STANDARD_RESOURCES.has(name) || HUGEPAGES.test(name) || EXTENDED_RESOURCE_PATTERN.test(name)) return null;
  return `unknown resource: use cpu, memory, ephemeral-storage, storage, pods or an extended resource name such as nvidia.com/gpu`;
}

function quantityProblem(resource: string, quantity: unknown): string | null {
  if (typeof quantity !== 'string') return 'must be a Kubernetes quantity string such as "500m", "2Gi" or "4"';
  try {
    const parsed = parseNonNegativeQuantity(quantity);
    const counted = resource === 'pods' || resource.includes('/');
    if (counted && toMilli(parsed) % 1000n !== 0n) return `must be a whole number: ${resource} is counted`;
    return null;
  } catch (error) {
    if (error instanceof QuantityParseError) return `${error.message} (a Kubernetes quantity such as "500m", "2Gi" or "4")`;
    throw error;
  }
}

/** Resource quantities (declared capacity, fit requests), each parsed; 400 naming `<field>.<resource>`. */
export function validQuantities(quantities: Record<string, unknown>, field: string): ResourceQuantities {
  const entries = Object.entries(quantities);
  if (entries.length > MAX_RESOURCES) throw ClustersException.invalidField(field, `at most ${MAX_RESOURCES} resources`);
  for (const [resource, quantity] of entries) {
    const problem = resourceNameProblem(resource) ?? quantityProblem(resource, quantity);
    if (problem) throw ClustersException.invalidField(`${field}.${resource}`, problem);
  }
  return quantities as ResourceQuantities;
}
