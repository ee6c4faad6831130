// Node affinity as kube-scheduler's NodeAffinity plugin evaluates it: required terms filter, preferred terms score.
import type { KubeObject } from '../apiserver/api-handler';

/** One node selector requirement (matchExpressions / matchFields entry). */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | string;
  values?: string[];
}

/** One node selector term: its expressions and fields are ANDed. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** pod.spec.affinity.nodeAffinity. */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

/** The pod's spec.affinity.nodeAffinity, if any. */
export function nodeAffinityOf(pod: KubeObject): NodeAffinity | undefined {
  return (pod.spec as { affinity?: { nodeAffinity?: NodeAffinity } } | undefined)?.affinity?.nodeAffinity;
}

function compareInts(value: string | undefined, bound: string | undefined, sign: 1 | -1): boolean {
  if (value === undefined || bound === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(bound)) return false;
  return sign * Math.sign(Number(BigInt(value) - BigInt(bound))) > 0;
}

type Check = (has: boolean, value: string | undefined, values: string[]) => boolean;

const OPERATORS: Record<string, Check> = {
  In: (has, value, values) => has && values.includes(value ?? ''),
  NotIn: (has, value, values) => !has || !values.includes(value ?? ''),
  Exists: (has) => has,
  DoesNotExist: (has) => !has,
  Gt: (_has, value, values) => compareInts(value, values[0], 1),
  Lt: (_has, value, values) => compareInts(value, values[0], -1),
};

/** Whether one requirement holds for a set of labels (or fields); unknown operators never match. */
export function requirementMatches(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const check = Object.prototype.hasOwnProperty.call(OPERATORS, req.operator) ? OPERATORS[req.operator] : undefined;
  return check ? check(has, has ? labels[req.key] : undefined, req.values ?? []) : false;
}

/** Whether a term matches a node; an empty term matches nothing, as in Kubernetes. */
export function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const nodeFields = { 'metadata.name': node.metadata.name ?? '' };
  return expressions.every((req) => requirementMatches(req, labels)) && fields.every((req) => requirementMatches(req, nodeFields));
}

/** Whether the pod's required node affinity admits the node (terms ORed; absent = any node). */
export function requiredAffinityMatches(pod: KubeObject, node: KubeObject): boolean {
  const required = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => termMatches(term, node));
}

/** Sum of the weights of the pod's preferred terms the node matches. */
export function preferredAffinityScore(pod: KubeObject, node: KubeObject): number {
  const preferred = nodeAffinityOf(pod)?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce((sum, { weight, preference }) => sum + (preference && termMatches(preference, node) ? (weight ?? 0) : 0), 0);
}
