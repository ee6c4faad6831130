// RBAC as kube-apiserver evaluates it for users other than the cluster's admin token: Roles and
// ClusterRoles granted through RoleBindings and ClusterRoleBindings, plus what every authenticated
// user may do (discovery, self reviews: system:discovery and system:basic-user).
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';

/** Who a request authenticated as. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

/** What a request does, as an authorizer sees it. */
export interface RequestAttributes {
  verb: string;
  /** Set for resource requests. */
  resource?: { group: string; resource: string; subresource?: string; namespace?: string; name?: string };
  /** Set for other paths (/version, /api, /healthz). */
  path?: string;
}

/** A PolicyRule of a Role or ClusterRole. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface Grant {
  rules: PolicyRule[];
  /** "ClusterRoleBinding "x" of ClusterRole "y"", for the review's reason. */
  via: string;
}

/** What every authenticated user may do. */
export const AUTHENTICATED_RULES: readonly PolicyRule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version', '/version/', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*'] },
];

function subjectMatches(subject: Subject, user: UserInfo): boolean {
  if (subject.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${subject.namespace}:${subject.name}`;
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  return subject.kind === 'User' && subject.name === user.username;
}

function rulesOf(sim: SimApiServer, roleRef: { kind?: string; name?: string }, namespace: string | undefined): PolicyRule[] {
  const role = roleRef.kind === 'Role' ? sim.get('roles.rbac.authorization.k8s.io', namespace, roleRef.name ?? '') : sim.get('clusterroles.rbac.authorization.k8s.io', undefined, roleRef.name ?? '');
  return ((role as (KubeObject & { rules?: PolicyRule[] }) | undefined)?.rules ?? []).filter((rule) => Array.isArray(rule?.verbs));
}

function grantsOf(sim: SimApiServer, bindings: KubeObject[], user: UserInfo): Grant[] {
  const grants: Grant[] = [];
  for (const binding of bindings as (KubeObject & { subjects?: Subject[]; roleRef?: { kind?: string; name?: string } })[]) {
    if (!(binding.subjects ?? []).some((subject) => subjectMatches(subject, user))) continue;
    const roleRef = binding.roleRef ?? {};
    const namespace = binding.metadata.namespace;
    grants.push({ rules: rulesOf(sim, roleRef, namespace), via: `${binding.kind} "${binding.metadata.name}" of ${roleRef.kind} "${roleRef.name}"` });
  }
  return grants;
}

/** The grants that apply to `user` in `namespace` (cluster-wide ones everywhere, role bindings in their namespace). */
export function grantsFor(sim: SimApiServer, user: UserInfo, namespace: string | undefined): Grant[] {
  const cluster = grantsOf(sim, sim.list('clusterrolebindings.rbac.authorization.k8s.io'), user);
  const local = namespace ? grantsOf(sim, sim.list('rolebindings.rbac.authorization.k8s.io', namespace), user) : [];
  return [{ rules: [...AUTHENTICATED_RULES], via: 'ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user"' }, ...cluster, ...local];
}

const has = (list: string[] | undefined, value: string) => (list ?? []).includes('*') || (list ?? []).includes(value);

function resourceMatches(rule: PolicyRule, resource: NonNullable<RequestAttributes['resource']>): boolean {
  const names = rule.resources ?? [];
  if (!resource.subresource) return has(names, resource.resource);
  const full = `${resource.resource}/${resource.subresource}`;
  return names.includes('*') || names.includes(full) || names.includes(`${resource.resource}/*`) || names.includes(`*/${resource.subresource}`);
}

function pathMatches(urls: string[] | undefined, path: string): boolean {
  return (urls ?? []).some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

/** Whether one rule allows the request. */
export function ruleAllows(rule: PolicyRule, attributes: RequestAttributes): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  const resource = attributes.resource;
  if (!resource) return pathMatches(rule.nonResourceURLs, attributes.path ?? '');
  if (!has(rule.apiGroups, resource.group) || !resourceMatches(rule, resource)) return false;
  return !rule.resourceNames?.length || (resource.name !== undefined && rule.resourceNames.includes(resource.name));
}

/** Whether `user` may do what `attributes` say, and by which binding. */
export function authorize(sim: SimApiServer, user: UserInfo, attributes: RequestAttributes): { allowed: boolean; reason: string } {
  const grant = grantsFor(sim, user, attributes.resource?.namespace).find((g) => g.rules.some((rule) => ruleAllows(rule, attributes)));
  return grant ? { allowed: true, reason: `RBAC: allowed by ${grant.via}` } : { allowed: false, reason: '' };
}

/** kube-apiserver's 403 message: `pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "a"`. */
export function forbiddenMessage(user: UserInfo, attributes: RequestAttributes): string {
  const resource = attributes.resource;
  if (!resource) return `forbidden: User "${user.username}" cannot ${attributes.verb} path "${attributes.path}"`;
  const what = resource.subresource ? `${resource.resource}/${resource.subresource}` : resource.resource;
  const subject = resource.name ? `${resource.resource} "${resource.name}"` : resource.resource;
  const scope = resource.namespace ? `in the namespace "${resource.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.username}" cannot ${attributes.verb} resource "${what}" in API group "${resource.group}" ${scope}`;
}
