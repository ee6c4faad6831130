import { badRequest } from './status';
import type { KubeObject } from './store';

/** One parsed requirement of a label or field selector. */
export interface Requirement {
  key: string;
  op: 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin';
  values: string[];
}

/** A compiled predicate over objects. */
export type Selector = (obj: KubeObject) => boolean;

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|!=|=)\\s*([-A-Za-z0-9_.]*)$`);
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);

const FIELDS = new Set([
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'status.phase',
  'spec.schedulerName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.unschedulable',
  'status.podIP',
  'type',
  'reason',
  'involvedObject.kind',
  'involvedObject.name',
  'involvedObject.namespace',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reportingComponent',
]);

// a field selector's value may hold anything but an unescaped comma ("involvedObject.apiVersion=apps/v1")
const FIELD_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)\s*(==|!=|=)\s*(.*)$/;

/** Splits a selector on the commas that are not inside "( )". */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  terms.push(current.trim());
  return terms.filter((t) => t.length > 0);
}

function parseTerm(term: string): Requirement {
  const set = SET_RE.exec(term);
  if (set) return { key: set[1], op: set[2] as 'in' | 'notin', values: set[3].split(',').map((v) => v.trim()).filter(Boolean) };
  const eq = EQ_RE.exec(term);
  if (eq) return { key: eq[1], op: eq[2] === '!=' ? '!=' : '=', values: [eq[3]] };
  const exists = EXISTS_RE.exec(term);
  if (exists) return { key: exists[2], op: exists[1] ? '!exists' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: "${term}"`);
}

/** Parses a label selector (=, ==, !=, in, notin, key, !key); 400 on a malformed one. */
export function parseLabelSelector(selector: string | null): Requirement[] {
  return selector ? splitTerms(selector).map(parseTerm) : [];
}

function parseFieldTerm(term: string, selector: string): Requirement {
  const found = FIELD_RE.exec(term);
  if (!found) throw badRequest(`invalid field selector: "${selector}"`);
  if (!FIELDS.has(found[1])) throw badRequest(`field label not supported: ${found[1]}`);
  return { key: found[1], op: found[2] === '!=' ? '!=' : '=', values: [found[3].replace(/\\(.)/g, '$1')] };
}

/** Splits a field selector on its unescaped commas. */
function fieldTerms(selector: string): string[] {
  return (selector.match(/(?:\\.|[^,\\])+/g) ?? []).map((term) => term.trim()).filter(Boolean);
}

/** Parses a field selector (=, ==, != on the supported fields; `\,` escapes a comma); 400 on others. */
export function parseFieldSelector(selector: string | null): Requirement[] {
  return selector ? fieldTerms(selector).map((term) => parseFieldTerm(term, selector)) : [];
}

/** Whether one requirement holds for a value (undefined = key absent). */
export function matches(req: Requirement, value: string | undefined): boolean {
  return OPERATORS[req.op](value, req.values);
}

const OPERATORS: Record<Requirement['op'], (value: string | undefined, values: string[]) => boolean> = {
  exists: (value) => value !== undefined,
  '!exists': (value) => value === undefined,
  '=': (value, values) => (value ?? '') === values[0],
  '!=': (value, values) => (value ?? '') !== values[0],
  in: (value, values) => value !== undefined && values.includes(value),
  notin: (value, values) => value === undefined || !values.includes(value),
};

/** The string value of a dotted field path of an object. */
export function fieldValue(obj: KubeObject, path: string): string | undefined {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current === undefined || current === null ? undefined : String(current);
}

/** A predicate for labelSelector and fieldSelector query parameters. */
export function compileSelector(labelSelector: string | null, fieldSelector: string | null): Selector {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector);
  return (obj) =>
    labels.every((req) => matches(req, obj.metadata.labels?.[req.key])) && fields.every((req) => matches(req, fieldValue(obj, req.key)));
}
