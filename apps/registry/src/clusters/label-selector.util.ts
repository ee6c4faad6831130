import { labelKeyProblem, labelValueProblem } from './cluster-input.util';
import { ClustersException } from './clusters.exception';

/** An equality-based label selector: every `equals` pair present, no `notEquals` pair present. */
export interface LabelSelector {
  equals: Record<string, string>;
  notEquals: Record<string, string>;
}

const REQUIREMENT = /^\s*([^\s=!]+)\s*(==|=|!=)\s*([^\s=!]*)\s*$/;

function invalid(message: string): ClustersException {
  return ClustersException.invalidField('labelSelector', message);
}

/**
 * Parses `env=prod,tier!=frontend` (also `==`), as kubectl's equality-based selectors; keys and
 * values must be valid label syntax. Set-based forms (`in`, `notin`, `!key`) are refused: 400
 * naming `labelSelector`.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const result: LabelSelector = { equals: {}, notEquals: {} };
  if (selector.trim() === '') return result;
  for (const requirement of selector.split(',')) {
    const match = REQUIREMENT.exec(requirement);
    if (!match) throw invalid(`"${requirement.trim()}" is not key=value, key==value or key!=value (only equality selectors are supported)`);
    const [, key, operator, value] = match;
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) throw invalid(`"${requirement.trim()}": ${problem}`);
    const target = operator === '!=' ? result.notEquals : result.equals;
    if (key in target && target[key] !== value) throw invalid(`"${key}" is given two different values`);
    target[key] = value;
  }
  return result;
}
