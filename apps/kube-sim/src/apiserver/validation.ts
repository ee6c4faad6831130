import type { ResourceType } from './resource-types';
import { invalid, type StatusCause } from './status';
import type { KubeObject } from './store';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_TYPES = new Set(['namespaces']);
const DNS1035_TYPES = new Set(['services']);
const FREE_NAME_TYPES = new Set(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']);

const SUBDOMAIN_HELP =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_HELP =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_HELP =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function nameRule(rt: ResourceType): { pattern: RegExp; max: number; help: string } | undefined {
  if (FREE_NAME_TYPES.has(rt.plural)) return undefined;
  if (LABEL_TYPES.has(rt.plural)) return { pattern: DNS1123_LABEL, max: 63, help: LABEL_HELP };
  if (DNS1035_TYPES.has(rt.plural)) return { pattern: DNS1035_LABEL, max: 63, help: DNS1035_HELP };
  return { pattern: DNS1123_SUBDOMAIN, max: 253, help: SUBDOMAIN_HELP };
}

/** Field causes for a bad metadata.name (empty when valid). */
export function nameCauses(rt: ResourceType, name: string): StatusCause[] {
  const rule = nameRule(rt);
  if (!rule) return name.includes('/') || name === '.' || name === '..' ? [{ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": may not contain '/'`, field: 'metadata.name' }] : [];
  const causes: StatusCause[] = [];
  if (!rule.pattern.test(name)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${rule.help}`, field: 'metadata.name' });
  if (name.length > rule.max) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": must be no more than ${rule.max} characters`, field: 'metadata.name' });
  return causes;
}

/** Throws 422 Invalid when an object about to be stored has no name or a malformed one. */
export function validateObject(rt: ResourceType, obj: KubeObject): void {
  const name = obj.metadata.name;
  if (!name) {
    throw invalid(rt, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  }
  const causes = nameCauses(rt, name);
  if (causes.length > 0) throw invalid(rt, name, causes);
}
